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
/// resident's answer), so that the demo's 土木課 inbox and the resident's マイページ show a working office.
/// </summary>
public sealed class DemoCases(
    CaseworkFacts casework, ProcedureCatalog catalog, Casework.Applying.ApplyOperation apply, CaseService cases, TimeProvider clock)
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
        var overdue = await AddAsync("gutter", "五所川原市金木町朝日山の市道（金木小学校の北側）", "側溝のふたが割れて、歩くと沈みます", today.AddDays(-30), daysAgo: 28);
        await cases.AssignAsync(officer, overdue.Id, officerUserId, null, cancellationToken);
        await cases.MoveAsync(officer, overdue.Id, ApplicationStatus.InReview, null, null, cancellationToken);
        var waiting = await AddAsync("streetlight", "五所川原市字布屋町の市道（市役所の東側）", "街路灯が夜に点きません", today.AddDays(-3), daysAgo: 2);
        await cases.MoveAsync(officer, waiting.Id, ApplicationStatus.InReview, null, null, cancellationToken);
        await cases.MoveAsync(officer, waiting.Id, ApplicationStatus.AwaitingInformation, "街路灯の柱に付いている番号札の番号を教えてください。", null, cancellationToken);
        await AddAsync("pothole", "五所川原市字岩木町の市道（岩木町交差点付近）", "直径30センチほどの穴があります", today.AddDays(-1), daysAgo: 0);

        async Task<Application> AddAsync(string kind, string location, string details, DateOnly noticedOn, int daysAgo)
        {
            var answers = new JsonObject
            {
                ["kind"] = kind, ["location"] = location, ["details"] = details, ["noticedOn"] = noticedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["dangerous"] = kind != "streetlight", ["wantsReply"] = "yes",
                ["contact"] = new JsonObject { ["name"] = "五所川原　花子", ["kana"] = "ゴショガワラ　ハナコ", ["phone"] = "0173352111" },
                ["agree"] = true,
            };
            // As if it had arrived daysAgo: its receipt time and its 標準処理期間 count from then.
            var submitted = await apply.SubmitAsync(
                new Casework.Applying.ApplyRequest(procedure.Definition, procedure.Version, form, answers, ApplicationChannel.Web)
                {
                    UserId = residentUserId, Email = residentEmail, ReceivedAt = clock.GetUtcNow().UtcDateTime.AddDays(-daysAgo),
                },
                cancellationToken);
            return submitted.Value?.Application ?? throw new InvalidOperationException($"The demo case does not validate: {submitted.Problem?.Title}");
        }
    }
}
