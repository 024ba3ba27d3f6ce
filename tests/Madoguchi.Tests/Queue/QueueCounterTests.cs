using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Queue;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Queue;

/// <summary>
/// 待たない at the counter (issue 17): hold and call back, no answer, a number called out of turn, a second business
/// handed on under the same number and place, the service times kept and used for the estimate, and the one e-mail a
/// resident at home asked for when three or fewer are ahead.
/// </summary>
public abstract class QueueCounterTests(Engine engine) : IntegrationTest(engine)
{
    /// <summary>Now, so that a reservation can be made as a resident makes it; each test then moves to an open morning.</summary>
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    private static readonly ClaimsPrincipal Clerk = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, StaffRoles.CounterClerk), new Claim(ClaimTypes.NameIdentifier, "clerk-1")], "test"));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);

    [Fact]
    public async Task HoldNoAnswerAndCallBack_MoveThroughTheOneStateMachine_AndTheServiceTimeStopsWhileHeld()
    {
        clock.SetUtcNow(QueueTests.OpenMorning());
        var client = App.CreateBrowser();
        for (var i = 1; i <= 3; i++)
        {
            await QueueTests.TakeAsync(client, "idou", $"h-{i}");
        }

        Assert.Equal("A-001", (await CallNextAsync("1番窓口")).Value!.Number);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(TicketStatus.Held, (await StepAsync("1番窓口", CounterStep.Hold)).Value!.Status);
        Assert.Equal("A-002", (await CallNextAsync("1番窓口")).Value!.Number); // nothing is being served: nothing finished
        Assert.Equal(TicketStatus.NoShow, (await StepAsync("1番窓口", CounterStep.NoShow)).Value!.Status);
        Assert.NotNull((await StepAsync("1番窓口", CounterStep.Done)).Problem); // no one is being served now

        clock.Advance(TimeSpan.FromMinutes(10));
        var back = await CallNumberAsync("2番窓口", "ａ－００１"); // typed full-width
        Assert.Equal(("A-001", TicketStatus.Called, "2番窓口"), (back.Value!.Number, back.Value.Status, back.Value.Counter));
        clock.Advance(TimeSpan.FromMinutes(6));
        var late = await CallNumberAsync("2番窓口", "A-002"); // the one who did not answer has come; A-001 is finished first
        Assert.Equal(TicketStatus.Called, late.Value!.Status);
        var done = await CallNumberAsync("2番窓口", "A-001");
        Assert.Contains("対応済み", done.Problem!.Fields![QueueCalls.NumberField]);
        Assert.NotNull((await CallNumberAsync("4番窓口", "A-003")).Problem); // 証明書's counter does not take 住民異動

        await using var db = Database.CreateContext();
        var times = await db.Set<QueueServiceTime>().Where(t => t.ServiceId == "idou").OrderBy(t => t.Id).ToListAsync();
        var first = Assert.Single(times);
        Assert.Equal(10 * 60, first.ServiceSeconds); // 4 minutes, then held 10 (not counted), then 6
        Assert.Equal(0, first.WaitSeconds);
        Assert.Equal(10, first.Hour);
        Assert.Single(await AuditEventsAsync("queue.ticket_held"));
        Assert.Single(await AuditEventsAsync("queue.ticket_no_show"));
    }

    [Fact]
    public async Task ASecondBusiness_IsHandedOnUnderTheSameNumber_InItsOriginalPlace_AndTheEstimateLearnsFromServiceTimes()
    {
        clock.SetUtcNow(QueueTests.OpenMorning());
        var client = App.CreateBrowser();
        await QueueTests.TakeAsync(client, "idou", "s-1"); // moving in, then 国保
        clock.Advance(TimeSpan.FromMinutes(1));
        await QueueTests.TakeAsync(client, "kokuho", "s-2"); // C-001, taken after A-001
        await CallNextAsync("1番窓口");
        clock.Advance(TimeSpan.FromMinutes(12));

        var moved = await StepAsync("1番窓口", CounterStep.Transfer, "kokuho");

        Assert.Equal(("A-001", TicketStatus.Waiting, "kokuho"), (moved.Value!.Number, moved.Value.Status, moved.Value.ServiceId));
        var ticket = JsonNode.Parse(await client.GetStringAsync("/api/v1/queue/tickets/A-001"))!;
        Assert.Equal(1, ticket["position"]!.GetValue<int>()); // taken before C-001: it does not start at the back
        Assert.Equal(2, JsonNode.Parse(await client.GetStringAsync("/api/v1/queue/tickets/C-001"))!["position"]!.GetValue<int>());
        Assert.Equal("A-001", (await CallNextAsync("6番窓口", "kokuho")).Value!.Number);
        Assert.NotNull((await StepAsync("6番窓口", CounterStep.Transfer, "kokuho")).Problem); // not to the service it is at

        // Three services of 3 minutes at 国保: the estimate follows them instead of the catalog's 15 minutes a person.
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(3));
            await QueueTests.TakeAsync(client, "kokuho", $"s-more-{i}");
            await CallNextAsync("6番窓口", "kokuho");
        }

        await QueueTests.TakeAsync(client, "kokuho", "s-last-1");
        var last = JsonNode.Parse(await (await QueueTests.TakeAsync(client, "kokuho", "s-last-2")).Content.ReadAsStringAsync())!;
        Assert.Equal(3, last["position"]!.GetValue<int>()); // the one waiting from the loop, s-last-1, then this
        Assert.Equal(3, last["estimatedWaitMinutes"]!.GetValue<int>()); // 2 ahead × 3 min ÷ 2 counters
        await using var db = Database.CreateContext();
        Assert.Equal(["idou", "kokuho", "kokuho", "kokuho"], await db.Set<QueueServiceTime>().OrderBy(t => t.Id).Select(t => t.ServiceId).ToListAsync());
        Assert.Single(await AuditEventsAsync("queue.ticket_transferred"));
    }

    [Fact]
    public async Task AResidentAtHome_IsMailedOnce_WhenThreeOrFewerAreAhead_AndTheAddressIsThenErased()
    {
        clock.SetUtcNow(QueueTests.OpenMorning());
        var client = App.CreateBrowser();
        for (var i = 1; i <= 4; i++)
        {
            await QueueTests.TakeAsync(client, "shoumei", $"m-{i}");
        }

        var bad = await client.PostFormAsync("/queue?handler=Take", new() { ["Service"] = "shoumei", ["Email"] = "hanako＠example" }, "/queue");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var page = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("メールアドレスの形を確かめてください", page);
        Assert.Contains("value=\"hanako＠example\"", page); // what was typed is kept
        var taken = await client.PostFormAsync("/queue?handler=Take", new() { ["Service"] = "shoumei", ["Email"] = "ｈａｎａｋｏ@example.jp" }, "/queue");
        Assert.Equal("/queue/tickets/B-005", taken.Headers.Location!.OriginalString);

        await CallNextAsync("4番窓口", "shoumei"); // 3 ahead now: the notice goes

        await using var db = Database.CreateContext();
        var mail = Assert.Single(await db.Set<Madoguchi.Features.Notifications.Messages.Notification>().Where(n => n.TemplateKey == "queue-near").ToListAsync());
        Assert.Equal("hanako@example.jp", mail.EmailAddress);
        Assert.Contains("B-005", mail.Subject);
        Assert.Contains("https://localhost/queue/tickets/B-005", mail.Body); // the city's address, not the request's
        var ticket = await db.Set<QueueTicket>().SingleAsync(q => q.Number == "B-005");
        Assert.Null(ticket.NoticeEmail);
        Assert.NotNull(ticket.NotifiedAt);

        await CallNextAsync("5番窓口", "shoumei");
        Assert.Single(await db.Set<Madoguchi.Features.Notifications.Messages.Notification>().Where(n => n.TemplateKey == "queue-near").ToListAsync());
        Assert.DoesNotContain(await AuditEventsAsync("queue.ticket_issued"), e => (e.Details ?? string.Empty).Contains("hanako", StringComparison.Ordinal));
        Assert.Single(await AuditEventsAsync("queue.notice_sent"));
    }

    [Fact]
    public async Task TheKiosk_GivesLargeNumbersWithAQrCode_AndAReservationOnItsDayGoesFirst_OnceADay()
    {
        var (receipt, visitDay) = await Madoguchi.Tests.Counter.TestReservations.NaritaAsync(App);
        clock.SetUtcNow(QueueTests.OpenMorning());
        Assert.Equal(visitDay, Madoguchi.Platform.Time.JapanTime.Today(clock)); // the reservation's visit day
        var kiosk = App.CreateBrowser();
        var first = await kiosk.PostFormAsync("/queue/kiosk?handler=Take", new() { ["Service"] = "idou" }, "/queue/kiosk");
        Assert.Equal("/queue/kiosk/tickets/A-001", first.Headers.Location!.OriginalString);
        await kiosk.PostFormAsync("/queue/kiosk?handler=Take", new() { ["Service"] = "idou" }, "/queue/kiosk");
        var slip = WebUtility.HtmlDecode(await kiosk.GetStringAsync("/queue/kiosk/tickets/A-002"));
        Assert.Contains("class=\"queue-number\">A-002<", slip);
        Assert.Contains("src=\"data:image/png;base64,", slip);

        var wrong = await kiosk.PostFormAsync("/queue/kiosk?handler=Reservation", new() { ["Reservation"] = "2026-999999" }, "/queue/kiosk");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("その番号の予約は見つかりませんでした", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        var typedWide = string.Concat(receipt.Select(c => c is >= '0' and <= '9' ? (char)(c - '0' + '０') : c));
        var reserved = await kiosk.PostFormAsync("/queue/kiosk?handler=Reservation", new() { ["Reservation"] = typedWide }, "/queue/kiosk");
        Assert.Equal("/queue/kiosk/tickets/A-003", reserved.Headers.Location!.OriginalString);
        Assert.Contains("優先してお呼びします", WebUtility.HtmlDecode(await kiosk.GetStringAsync("/queue/kiosk/tickets/A-003")));
        Assert.Equal(1, JsonNode.Parse(await kiosk.GetStringAsync("/api/v1/queue/tickets/A-003"))!["position"]!.GetValue<int>());
        var again = await kiosk.PostFormAsync("/queue/kiosk?handler=Reservation", new() { ["Reservation"] = receipt }, "/queue/kiosk");
        Assert.Equal("/queue/kiosk/tickets/A-003", again.Headers.Location!.OriginalString);

        Assert.Equal("A-003", (await CallNextAsync("1番窓口")).Value!.Number);
        Assert.Equal("A-001", (await CallNextAsync("2番窓口")).Value!.Number);
    }

    [Fact]
    public async Task TheCongestionPage_ShowsEachServicesUsualWaitByHour_FromTheLastEightWeeks()
    {
        clock.SetUtcNow(QueueTests.OpenMorning());
        var today = Madoguchi.Platform.Time.JapanTime.Today(clock);
        await using (var db = Database.CreateContext())
        {
            foreach (var (daysAgo, hour, wait) in new[] { (1, 9, 35), (1, 9, 45), (2, 9, 40), (2, 13, 5), (70, 9, 200) })
            {
                var day = today.AddDays(-daysAgo);
                var at = Madoguchi.Platform.Time.JapanTime.StartOfDayUtc(day).AddHours(hour);
                db.Add(new QueueServiceTime { ServiceId = "idou", Day = day, Hour = hour, CalledAt = at, WaitSeconds = wait * 60, ServiceSeconds = 900 });
            }

            await db.SaveChangesAsync();
        }

        var page = WebUtility.HtmlDecode(await App.CreateBrowser().GetStringAsync("/queue/congestion"));

        // 9時台: three people over two days (1.5 a day), 40 minutes on average: busy. 13時台: quiet. Ten weeks ago: left out.
        Assert.Matches("9時台</th>\\s*<td[^>]*>混んでいる</td>\\s*<td[^>]*>約40分</td>\\s*<td[^>]*>1.5人</td>", page);
        Assert.Matches("13時台</th>\\s*<td[^>]*>空いている</td>\\s*<td[^>]*>約5分</td>\\s*<td[^>]*>0.5人</td>", page);
        Assert.Contains("まだ実績がありません", page); // the other services
    }

    private Task<Madoguchi.Platform.Outcomes.Result<QueueTicket?>> CallNextAsync(string counter, string service = "idou") =>
        App.WithServicesAsync(s => s.GetRequiredService<QueueCalls>().CallNextAsync(Clerk, counter, [service], CancellationToken.None));

    private Task<Madoguchi.Platform.Outcomes.Result<QueueTicket?>> CallNumberAsync(string counter, string number) =>
        App.WithServicesAsync(s => s.GetRequiredService<QueueCalls>().CallNumberAsync(Clerk, counter, number, CancellationToken.None));

    private Task<Madoguchi.Platform.Outcomes.Result<QueueTicket?>> StepAsync(string counter, CounterStep step, string? to = null) =>
        App.WithServicesAsync(s => s.GetRequiredService<QueueCalls>().StepAsync(Clerk, counter, step, to, CancellationToken.None));
}

public sealed class QueueCounterTests_Sqlite() : QueueCounterTests(Engine.Sqlite);

public sealed class QueueCounterTests_PostgreSql() : QueueCounterTests(Engine.PostgreSql);

/// <summary>Tickets from home are limited per client (the limiter is in memory, the same on both engines).</summary>
public sealed class QueueLimitTests() : IntegrationTest(Engine.Sqlite)
{
    private readonly FakeTimeProvider clock = new(QueueTests.OpenMorning());

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimits:QueueTicketsPerHour"] = "2" };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock);

    [Fact]
    public async Task AThirdTicketFromOneClientWithinAnHour_IsRefused_WhileLookingStaysOpen()
    {
        var client = App.CreateBrowser();
        Assert.Equal(HttpStatusCode.Created, (await QueueTests.TakeAsync(client, "idou", "l-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/queue?handler=Take", new() { ["Service"] = "idou" }, "/queue")).StatusCode);

        var third = await QueueTests.TakeAsync(client, "idou", "l-3");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/queue/tickets/A-001")).StatusCode);
        // The hall's kiosk has its own, larger allowance.
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/queue/kiosk?handler=Take", new() { ["Service"] = "idou" }, "/queue/kiosk")).StatusCode);
    }
}
