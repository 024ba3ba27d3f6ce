using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Load;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Platform;

/// <summary>
/// When an instance is full, writing work is refused at once with a time to come back: the API with 503, Retry-After
/// and a ProblemDetails; the resident's form with 「ただいま混み合っています」 that keeps what they typed and sends it again.
/// Nothing refused was saved. (The test holds the gate's only place itself, so "full" is certain.)
/// </summary>
public abstract partial class LoadSheddingTests(Engine engine) : IntegrationTest(engine)
{
    private const string RoadDamage = "douro-sonshou-tsuuhou";

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Load:Concurrency"] = "1",
        ["Load:Queue"] = "0",
        ["Load:RetryAfterSeconds"] = "3",
    };

    [Fact]
    public async Task AFullInstance_AnswersTheApiWith503AndRetryAfter_AndTheRetryWithTheSameKeyIsAccepted()
    {
        var resident = await App.CreateResidentAsync();
        var client = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);
        var gate = App.Services.GetRequiredService<SubmissionGate>();

        HttpResponseMessage refused;
        using (var held = await gate.EnterAsync(CancellationToken.None))
        {
            Assert.True(held.IsAcquired);
            refused = await PostAsync(client, "busy-key");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("3", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ただいま混み合っています", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
        await using (var db = Database.CreateContext())
        {
            Assert.Empty(await db.Set<Application>().ToListAsync());
        }

        var accepted = await PostAsync(client, "busy-key");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.False(accepted.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task AFullInstance_ShowsTheResidentABusyPage_ThatKeepsWhatTheyTyped_AndSendsItAgain()
    {
        var browser = await App.SignInAsync(await App.CreateResidentAsync());
        var started = await browser.PostFormAsync($"/procedures/{RoadDamage}/apply", new());
        var step0 = started.Headers.Location!.OriginalString;
        var gate = App.Services.GetRequiredService<SubmissionGate>();
        var typed = new Dictionary<string, string>
        {
            ["kind"] = "pothole", ["location"] = "五所川原市字布屋町41番地1の前の市道", ["details"] = "直径30センチほどの穴があります\n深さは10センチです",
            ["noticedOn.Era"] = "Reiwa", ["noticedOn.Year"] = "8", ["noticedOn.Month"] = "11", ["noticedOn.Day"] = "20", ["action"] = "next",
        };

        HttpResponseMessage busy;
        using (var held = await gate.EnterAsync(CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(step0)).StatusCode); // reading is never refused
            busy = await browser.PostFormAsync(step0, new Dictionary<string, string>(typed));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("3", busy.Headers.GetValues("Retry-After").Single());
        var page = await busy.Content.ReadAsStringAsync();
        Assert.Contains("<title>ただいま混み合っています", page);
        Assert.Contains("<h1>ただいま混み合っています</h1>", page);
        var start = page.IndexOf($"action=\"{step0}\"", StringComparison.Ordinal);
        Assert.True(start > 0);
        var form = page[start..page.IndexOf("</form>", start, StringComparison.Ordinal)];
        Assert.Contains("もう一度送る", form);
        var kept = Input().Matches(form).Select(m => m.Value)
            .Where(input => input.Contains("type=\"hidden\"", StringComparison.Ordinal))
            .ToDictionary(input => WebUtility.HtmlDecode(Attribute(input, "name")), input => WebUtility.HtmlDecode(Attribute(input, "value")));
        Assert.Contains("__RequestVerificationToken", kept.Keys); // a fresh token for this user
        foreach (var (name, value) in typed)
        {
            Assert.Equal(value, kept[name]);
        }

        await using (var db = Database.CreateContext())
        {
            Assert.Null(JsonNode.Parse((await db.Set<ApplicationDraft>().SingleAsync()).Answers)!["location"]);
        }

        // 「もう一度送る」: the page's own form, as a browser without script sends it.
        var again = await browser.PostAsync(step0, new FormUrlEncodedContent(kept));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.EndsWith("/step/1", again.Headers.Location!.OriginalString);
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(typed["location"], JsonNode.Parse((await db.Set<ApplicationDraft>().SingleAsync()).Answers)!["location"]!.GetValue<string>());
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{RoadDamage}/applications")
        {
            Content = new StringContent("""
                {"kind":"pothole","location":"五所川原市字布屋町41番地1の前の市道","details":"穴があります","noticedOn":"2026-11-20",
                 "wantsReply":"no","agree":true}
                """, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static string Attribute(string input, string name) => Regex.Match(input, $"\\b{name}=\"([^\"]*)\"").Groups[1].Value;

    [GeneratedRegex("<input [^>]*>")]
    private static partial Regex Input();
}

public sealed class LoadSheddingTests_Sqlite() : LoadSheddingTests(Engine.Sqlite);

public sealed class LoadSheddingTests_PostgreSql() : LoadSheddingTests(Engine.PostgreSql);
