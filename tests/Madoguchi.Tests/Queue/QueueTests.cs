using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Queue;
using Madoguchi.Platform.Time;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Queue;

/// <summary>
/// 待たない (issue 17): tickets for an open service, numbered per service and day without collisions, with their place
/// and an estimate; a clerk calls the next to a counter; the ticket's page and the hall's display say so without script;
/// a closed or unknown service is refused with when it opens.
/// </summary>
public abstract class QueueTests(Engine engine) : IntegrationTest(engine)
{
    /// <summary>The next business day at 10:00 in Japan: the counters are open.</summary>
    private readonly FakeTimeProvider clock = new(OpenMorning());

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);

    [Fact]
    public async Task TicketsFromTheApi_AreNumberedInOrder_WithTheirPlaceAndAnEstimate_AndAReplayIsTheSameTicket()
    {
        var client = App.CreateBrowser();

        var services = JsonNode.Parse(await client.GetStringAsync("/api/v1/queue/services"))!.AsArray();
        Assert.Equal(["idou", "shoumei", "kokuho", "kosodate"], services.Select(s => s!["id"]!.GetValue<string>()));
        Assert.True(services[0]!["open"]!.GetValue<bool>());

        var first = await TakeAsync(client, "idou", "t-1");
        var second = await TakeAsync(client, "idou", "t-2");
        var replay = await TakeAsync(client, "idou", "t-2");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var ticket = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        Assert.Equal(("A-002", 2, 7), (ticket["number"]!.GetValue<string>(), ticket["position"]!.GetValue<int>(), ticket["estimatedWaitMinutes"]!.GetValue<int>())); // 1 ahead × 20 min ÷ 3 counters
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await second.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(2, JsonNode.Parse(await client.GetStringAsync("/api/v1/queue/tickets/A-002"))!["position"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/queue/tickets/A-099")).StatusCode);
    }

    [Fact]
    public async Task ManyKiosksAtOnce_NeverGiveTheSameNumber()
    {
        var client = App.CreateBrowser();

        var taken = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => TakeAsync(client, "shoumei", $"k-{i}")));

        Assert.All(taken, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = await Task.WhenAll(taken.Select(async r => JsonNode.Parse(await r.Content.ReadAsStringAsync())!["number"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"B-{i:000}"), numbers.Order());
    }

    [Fact]
    public async Task AClosedOrUnknownService_IsRefused_SayingWhenItOpens()
    {
        var client = App.CreateBrowser();

        var unknown = await TakeAsync(client, "no-such-service", "u-1");
        clock.SetUtcNow(new DateTimeOffset(JapanTime.ToLocal(clock.GetUtcNow().UtcDateTime).Date.AddHours(17).AddMinutes(30), TimeSpan.FromHours(9)));
        var closed = await TakeAsync(client, "idou", "u-2");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("その窓口はありません", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, closed.StatusCode);
        var body = JsonNode.Parse(await closed.Content.ReadAsStringAsync())!;
        Assert.StartsWith("住所の異動（転入・転出・転居）・マイナンバーカードは受付時間外です。次の受付は", body["errors"]!["service"]![0]!.GetValue<string>());
        Assert.Contains("受付時間外です", WebUtility.HtmlDecode(await client.GetStringAsync("/queue")));
    }

    [Fact]
    public async Task AClerkCallsTheNext_AndTheTicketAndTheDisplaySaySo_WithoutScript()
    {
        var browser = App.CreateBrowser();
        var taken = await browser.PostFormAsync("/queue?handler=Take", new() { ["service"] = "kokuho" }, "/queue");
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        var page = taken.Headers.Location!.OriginalString;
        Assert.Equal("/queue/tickets/C-001", page);
        await TakeAsync(browser, "kokuho", "c-2");
        var waiting = await browser.GetAsync(page);
        Assert.Contains("次に呼ばれます", WebUtility.HtmlDecode(await waiting.Content.ReadAsStringAsync()));
        Assert.False(waiting.Headers.Contains("Refresh")); // only when the resident asks for it
        var auto = await browser.GetAsync($"{page}?auto=true");
        Assert.Equal("30", auto.Headers.GetValues("Refresh").Single());
        Assert.Contains("自動で更新するのをやめる", WebUtility.HtmlDecode(await auto.Content.ReadAsStringAsync()));

        var clerk = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, StaffRoles.CounterClerk), new Claim(ClaimTypes.NameIdentifier, "clerk-6")], "test"));
        var called = await App.WithServicesAsync(s => s.GetRequiredService<QueueCalls>().CallNextAsync(clerk, "6番窓口", ["kokuho"], CancellationToken.None));

        Assert.Equal("C-001", called.Value!.Number);
        Assert.Contains("6番窓口へお越しください", WebUtility.HtmlDecode(await browser.GetStringAsync(page)));
        Assert.False((await browser.GetAsync($"{page}?auto=true")).Headers.Contains("Refresh")); // nothing more to wait for
        Assert.Contains("次に呼ばれます", WebUtility.HtmlDecode(await browser.GetStringAsync("/queue/tickets/C-002")));
        await TakeAsync(browser, "kokuho", "c-3");
        Assert.Contains("待ち時間の目安は約8分、10時08分ごろに呼ばれる見込みです", WebUtility.HtmlDecode(await browser.GetStringAsync("/queue/tickets/C-003"))); // 1 ahead × 15 min ÷ 2 counters
        var shown = await browser.GetAsync("/queue/display");
        Assert.Equal("10", shown.Headers.GetValues("Refresh").Single());
        var display = WebUtility.HtmlDecode(await shown.Content.ReadAsStringAsync());
        Assert.Contains("<tr><td>C-001</td><td>6番窓口</td></tr>", display);

        // The next call finishes the ticket being served first; a counter that does not take the service is refused.
        var next = await App.WithServicesAsync(s => s.GetRequiredService<QueueCalls>().CallNextAsync(clerk, "6番窓口", ["kokuho"], CancellationToken.None));
        Assert.Equal("C-002", next.Value!.Number);
        Assert.Contains("この番号札の受付は終わりました", WebUtility.HtmlDecode(await browser.GetStringAsync(page)));
        var elsewhere = await App.WithServicesAsync(s => s.GetRequiredService<QueueCalls>().CallNextAsync(clerk, "1番窓口", ["kokuho"], CancellationToken.None));
        Assert.NotNull(elsewhere.Problem);
        Assert.Equal(2, (await AuditEventsAsync("queue.ticket_called")).Count);
        Assert.Single(await AuditEventsAsync("queue.ticket_done"));
    }

    internal static Task<HttpResponseMessage> TakeAsync(HttpClient client, string service, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/queue/tickets") { Content = new StringContent($$"""{"service":"{{service}}"}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    internal static DateTimeOffset OpenMorning()
    {
        var calendar = new BusinessCalendar(ClosedDays.From(new BusinessCalendarOptions()));
        var day = JapanTime.Today(TimeProvider.System).AddDays(1);
        while (!calendar.IsBusinessDay(day))
        {
            day = day.AddDays(1);
        }

        return new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(9));
    }
}

public sealed class QueueTests_Sqlite() : QueueTests(Engine.Sqlite);

public sealed class QueueTests_PostgreSql() : QueueTests(Engine.PostgreSql);
