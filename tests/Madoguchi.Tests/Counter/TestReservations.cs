using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Platform.Time;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Counter;

/// <summary>転入予約 made through the API, as a resident makes them, for the counter's tests.</summary>
public static class TestReservations
{
    private static DateOnly Today => JapanTime.Today(TimeProvider.System);

    /// <summary>The 成田 couple reserves a visit for their move from 弘前市: moved two days ago, coming on the next open day.</summary>
    public static async Task<(string Receipt, DateOnly VisitDay)> NaritaAsync(MadoguchiApp app, bool answersAll = true)
    {
        var resident = await app.CreateResidentAsync();
        var api = await app.CreateApiClientAsync(resident.UserId, "applications");
        var calendar = await app.WithServicesAsync(s => Task.FromResult(s.GetRequiredService<BusinessCalendar>()));
        var moved = Today.AddDays(-2);
        var visitDay = Enumerable.Range(1, 10).Select(Today.AddDays).First(calendar.IsBusinessDay);
        var care = answersAll ? ",\"careCertified\":\"no\"" : string.Empty;
        var body = Encoding.UTF8.GetBytes($$"""
            {"applicant":{"name":"成田　健一","kana":"ナリタ　ケンイチ","birthDate":"1990-06-15","fromAddress":"青森県弘前市大字本町1番地","phone":"0172111111"},
             "movers":[{"name":"成田　健一","kana":"ナリタ　ケンイチ","birthDate":"1990-06-15","sex":"male","relationship":"世帯主","employeeInsurance":"yes","careCertified":"no"},
                       {"name":"成田　由美","kana":"ナリタ　ユミ","birthDate":"1992-03-03","sex":"female","relationship":"妻","employeeInsurance":"yes"{{care}}}],
             "newAddress":{"postalCode":"0378686","address":"青森県五所川原市字布屋町41番地1"},
             "moveDate":"{{Iso(moved)}}","visitDate":"{{Iso(visitDay)}}","questions":{"nursery":"no","dog":"no"},"agree":true}
            """);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/procedures/tennyu-yoyaku/applications") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", "reserve-1");
        var reserved = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        return (JsonNode.Parse(await reserved.Content.ReadAsStringAsync())!["receiptNumber"]!.GetValue<string>(), visitDay);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
