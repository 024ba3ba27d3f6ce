using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Administration;

/// <summary>
/// A few road-damage reports from the demo resident in different states (new, overdue in review, waiting for the
/// resident's answer), so that the demo's 土木課 inbox and the resident's マイページ show a working office. Each report
/// tells one plausible story in time: it arrived some days ago, and the office's steps followed it on the days they
/// would have (the same case operations as the web, run as of those moments), so both views show the same dates.
/// </summary>
public sealed class DemoCases(
    CaseworkFacts casework, ProcedureCatalog catalog, Casework.Applying.ApplyOperation apply, IServiceProvider services, BusinessCalendar calendar, TimeProvider clock)
{
    private const string RoadDamage = "douro-sonshou-tsuuhou";

    public async Task SeedAsync(string residentUserId, string residentEmail, string officerUserId, CancellationToken cancellationToken = default)
    {
        if (await casework.HasApplicationsAsync(residentUserId, cancellationToken) ||
            await catalog.FindAsync(RoadDamage, cancellationToken) is not { } procedure ||
            await catalog.FormAsync(RoadDamage, procedure.Version, cancellationToken) is not { } form)
        {
            return;
        }

        var officer = new StaffActor(officerUserId, procedure.Definition.Department, new HashSet<string> { StaffRoles.CaseOfficer });
        var today = JapanTime.Today(clock);
        // An overdue report: it came in four weeks ago in the evening, and was taken up the next 開庁日 morning.
        var overdueDay = today.AddDays(-28);
        var overdue = await AddAsync("gutter", "五所川原市金木町朝日山の市道（金木小学校の北側）", "側溝のふたが割れて、歩くと沈みます", overdueDay.AddDays(-2), At(overdueDay, 18, 40), (40.90450, 140.45920));
        var takenUp = calendar.AddBusinessDays(overdueDay, 1);
        await CasesAt(At(takenUp, 9, 10)).AssignAsync(officer, overdue.Id, officerUserId, null, cancellationToken);
        await CasesAt(At(takenUp, 9, 15)).MoveAsync(officer, overdue.Id, ApplicationStatus.InReview, null, null, cancellationToken);

        // A report waiting for the resident: checked on its day, a question asked on the 開庁日 before today.
        var asked = PreviousBusinessDay(today);
        var checkedOn = PreviousBusinessDay(asked);
        var waiting = await AddAsync("streetlight", "五所川原市字布屋町の市道（市役所の東側）", "街路灯が夜に点きません", checkedOn.AddDays(-1), At(checkedOn, 7, 30), (40.80770, 140.44700));
        await CasesAt(At(checkedOn, 10, 5)).MoveAsync(officer, waiting.Id, ApplicationStatus.InReview, null, null, cancellationToken);
        await CasesAt(At(asked, 14, 20)).MoveAsync(officer, waiting.Id, ApplicationStatus.AwaitingInformation, "街路灯の柱に付いている番号札の番号を教えてください。", null, cancellationToken);

        // A new report, just in.
        await AddAsync("pothole", "五所川原市字岩木町の市道（岩木町交差点付近）", "直径30センチほどの穴があります", today.AddDays(-1), clock.GetUtcNow().AddMinutes(-20), (40.80800, 140.44060));

        // A moment of the story: a time of day in Japan (reports arrive at any hour, the office works in office hours).
        static DateTimeOffset At(DateOnly day, int hour, int minute) => new(JapanTime.StartOfDayUtc(day).AddHours(hour).AddMinutes(minute), TimeSpan.Zero);

        DateOnly PreviousBusinessDay(DateOnly day)
        {
            do
            {
                day = day.AddDays(-1);
            }
            while (!calendar.IsBusinessDay(day));
            return day;
        }

        // The office's step as of a moment of the story: the case operations the web uses, with that moment as their clock.
        CaseService CasesAt(DateTimeOffset moment) => ActivatorUtilities.CreateInstance<CaseService>(services, new StoryClock(moment));

        async Task<Application> AddAsync(string kind, string location, string details, DateOnly noticedOn, DateTimeOffset received, (double Lat, double Lng) point)
        {
            var answers = new JsonObject
            {
                ["kind"] = kind, ["location"] = location, ["position"] = new JsonObject { ["lat"] = point.Lat, ["lng"] = point.Lng }, ["details"] = details, ["noticedOn"] = noticedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["dangerous"] = kind != "streetlight", ["wantsReply"] = "yes",
                ["contact"] = new JsonObject { ["name"] = "五所川原　花子", ["kana"] = "ゴショガワラ　ハナコ", ["phone"] = "0173352111" },
                ["agree"] = true,
            };
            // As if it had arrived then: its receipt time and its 標準処理期間 count from that moment.
            var submitted = await apply.SubmitAsync(
                new Casework.Applying.ApplyRequest(procedure.Definition, procedure.Version, form, answers, ApplicationChannel.Web)
                {
                    UserId = residentUserId, Email = residentEmail, ReceivedAt = received.UtcDateTime,
                },
                cancellationToken);
            return submitted.Value?.Application ?? throw new InvalidOperationException($"The demo case does not validate: {submitted.Problem?.Title}");
        }
    }

    /// <summary>A clock that reads one moment of the demo's story.</summary>
    private sealed class StoryClock(DateTimeOffset moment) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => moment;
    }
}
