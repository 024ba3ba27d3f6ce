using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Audit;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Applications;

/// <summary>
/// The one apply operation: every channel's application is made by it, with the truth in its first status row and
/// audit event; a key or a draft raced from two requests makes one application, and both requests get its receipt.
/// </summary>
public abstract partial class ApplyOperationTests(Engine engine) : IntegrationTest(engine)
{
    private const string RoadDamage = "douro-sonshou-tsuuhou";

    private const string Report = """
        {"kind":"pothole","location":"五所川原市字布屋町41番地1の前の市道","details":"直径30センチほどの穴があります",
         "noticedOn":"2026-11-20","dangerous":true,"wantsReply":"yes",
         "contact":{"name":"五所川原 花子","kana":"ゴショガワラ ハナコ","phone":"0173352111"},"agree":true}
        """;

    [Fact]
    public async Task ConcurrentCallsWithOneKey_MakeOneApplication_AndEveryCallGetsItsReceipt()
    {
        var resident = await App.CreateResidentAsync();
        var client = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(client, Report, "raced-key")));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, (r, i) => Assert.True(r.StatusCode == HttpStatusCode.Created, bodies[i]));
        var receipts = bodies.Select(b => JsonNode.Parse(b)!["receiptNumber"]!.GetValue<string>()).Distinct().ToList();
        Assert.Single(receipts);
        Assert.Equal(7, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.All(responses, r => Assert.Equal($"/api/v1/applications/{receipts[0]}", r.Headers.Location?.OriginalString));

        await using var db = Database.CreateContext();
        Assert.Single(await db.Set<Application>().ToListAsync());
        Assert.Single(await WrittenMail.AllAsync(db));
        Assert.Single(await AuditEventsAsync("application.submitted"));

        // The same key with another body is still refused, after the race as before it.
        var other = await PostAsync(client, Report.Replace("直径30センチ", "直径50センチ", StringComparison.Ordinal), "raced-key");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
    }

    [Fact]
    public async Task ADoubleSubmitOfTheWebForm_MakesOneApplication_AndBothGoToItsReceipt()
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var started = await client.PostFormAsync($"/procedures/{RoadDamage}/apply", new());
        var step0 = started.Headers.Location!.OriginalString;
        await client.PostFormAsync(step0, new()
        {
            ["kind"] = "pothole", ["location"] = "五所川原市字布屋町41番地1の前の市道", ["details"] = "穴があります",
            ["noticedOn.Era"] = "Western", ["noticedOn.Year"] = "2026", ["noticedOn.Month"] = "11", ["noticedOn.Day"] = "20", ["action"] = "next",
        });
        var done = await client.PostFormAsync(step0.Replace("/step/0", "/step/1", StringComparison.Ordinal), new() { ["wantsReply"] = "no", ["agree"] = "true", ["action"] = "next" });
        var check = done.Headers.Location!.OriginalString;
        var page = await client.GetStringAsync(check);
        var token = WebUtility.HtmlDecode(Antiforgery().Match(page).Groups[1].Value);

        var posts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync(check, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["declaration"] = "true", ["__RequestVerificationToken"] = token,
        }))));

        Assert.All(posts, p => Assert.Equal(HttpStatusCode.Redirect, p.StatusCode));
        Assert.Single(posts.Select(p => p.Headers.Location!.OriginalString).Distinct());
        await using var db = Database.CreateContext();
        var application = await db.Set<Application>().AsNoTracking().SingleAsync();
        Assert.EndsWith($"/applications/{application.ReceiptNumber}/submitted", posts[0].Headers.Location!.OriginalString);
        Assert.Single(await AuditEventsAsync("application.submitted"));
    }

    [Fact]
    public async Task AnIntakeRecord_IsMadeWithItsReceivedTimeAndMatch_SoItsFirstStatusAndAuditEventTellTheTruth()
    {
        var connector = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.CaseOfficer, "kokuho-nenkin")).UserId, ApiScopes.Intake);
        var sample = await File.ReadAllTextAsync(Path.Combine(CatalogLoader.CatalogDirectory, "intake", "samples", "pittari-kokuho-dattai.sample.json"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/intake") { Content = new StringContent(sample, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "intake-truth");
        Assert.Equal(HttpStatusCode.Created, (await connector.SendAsync(request)).StatusCode);

        await using var db = Database.CreateContext();
        var application = await db.Set<Application>().AsNoTracking().SingleAsync();
        var received = new DateTime(2026, 11, 20, 0, 15, 0, DateTimeKind.Utc);
        Assert.Equal(received, application.SubmittedAt);
        var first = await db.Set<ApplicationStatusChange>().AsNoTracking().SingleAsync(c => c.ApplicationId == application.Id);
        Assert.Equal((null, ApplicationStatus.Submitted, received, CaseActors.Applicant), (first.FromStatus, first.ToStatus, first.ChangedAt, first.ChangedBy));
        Assert.Equal(ApplicantMatch.Unmatched, application.MatchStatus);
        var submitted = (await AuditEventsAsync("application.submitted")).Single();
        var details = JsonNode.Parse(submitted.Details!)!;
        Assert.Equal(ApplicationChannel.MynaPortal, details["channel"]!.GetValue<string>());
        Assert.Equal("PT-2026-000000123", details["externalId"]!.GetValue<string>());
        // 標準処理期間 counted from the day it reached the city, not from the day the file was read.
        Assert.NotNull(application.DueOn);
        Assert.True(application.DueOn < DateOnly.FromDateTime(received).AddDays(60));
    }

    [Fact]
    public void OnlyTheApplyOperation_MakesApplications()
    {
        var makers = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => NewApplication().IsMatch(File.ReadAllText(f)) || File.ReadAllText(f).Contains("CaseWorkflow.Begin(", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList();
        Assert.Equal(["ApplyOperation.cs"], makers);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{RoadDamage}/applications") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    [GeneratedRegex(@"\bnew Application\s*(\{|\(|$)", RegexOptions.Multiline)]
    private static partial Regex NewApplication();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}

public sealed class ApplyOperationTests_Sqlite() : ApplyOperationTests(Engine.Sqlite);

public sealed class ApplyOperationTests_PostgreSql() : ApplyOperationTests(Engine.PostgreSql);
