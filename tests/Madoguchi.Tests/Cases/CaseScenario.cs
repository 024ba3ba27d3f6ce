using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Cases;

/// <summary>Applications made through the API for back-office tests, and the staff API calls they move them with.</summary>
public static class CaseScenario
{
    public const string RoadDamage = "douro-sonshou-tsuuhou"; // 土木課 (doboku), account level
    public const string Course = "kouza-moushikomi"; // 社会教育課 (shakai-kyoiku), no account needed

    public static async Task<(MadoguchiApp.Resident Resident, string Receipt)> SubmitRoadDamageAsync(MadoguchiApp app, string name = "五所川原 花子", string kana = "ゴショガワラ ハナコ")
    {
        var resident = await app.CreateResidentAsync();
        var client = await app.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);
        var receipt = await SubmitAsync(client, RoadDamage, $$"""
            {"kind":"pothole","location":"五所川原市字布屋町41番地1の前の市道","details":"穴があります","noticedOn":"2026-11-20","wantsReply":"yes",
             "contact":{"name":"{{name}}","kana":"{{kana}}","phone":"0173352111"},"agree":true}
            """);
        return (resident, receipt);
    }

    /// <summary>An anonymous 市民講座 application whose contact address is <paramref name="email"/>.</summary>
    public static Task<string> SubmitCourseAnonymouslyAsync(MadoguchiApp app, string email, string? notes = null) =>
        SubmitAsync(app.CreateBrowser(), Course, CourseAnswers(email, notes));

    /// <summary>A 市民講座 application's answers, as JSON, with <paramref name="notes"/> for the 講師 when given.</summary>
    public static string CourseAnswers(string email, string? notes = null)
    {
        var answers = new JsonObject
        {
            ["course"] = "smartphone", ["session"] = "weekday-am", ["participants"] = 1, ["needsDevice"] = "borrow", ["ageGroup"] = "65-74",
            ["applicant"] = new JsonObject { ["name"] = "五所川原 花子", ["kana"] = "ゴショガワラ ハナコ", ["phone"] = "0173352111", ["email"] = email },
            ["agree"] = true,
        };
        if (notes is not null)
        {
            answers["notes"] = notes;
        }

        return answers.ToJsonString();
    }

    private static async Task<string> SubmitAsync(HttpClient client, string procedureId, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{procedureId}/applications") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["receiptNumber"]!.GetValue<string>();
    }

    public static async Task<HttpClient> StaffApiAsync(MadoguchiApp app, string role, string department) =>
        await app.CreateApiClientAsync((await app.CreateStaffAsync(role, department)).UserId, "cases");

    public static async Task<string> IdOfAsync(HttpClient staff, string receipt) =>
        JsonNode.Parse(await staff.GetStringAsync($"/api/v1/cases?q={receipt}"))!["items"]![0]!["id"]!.GetValue<string>();

    public static Task<HttpResponseMessage> MoveAsync(HttpClient staff, string id, string to, string? reason = null, int? revision = null) =>
        staff.PostAsJsonAsync($"/api/v1/cases/{id}/transitions", new { to, reason, revision });
}
