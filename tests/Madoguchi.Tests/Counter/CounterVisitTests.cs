using System.Net;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;
using Madoguchi.Tests.Residents;

namespace Madoguchi.Tests.Counter;

/// <summary>
/// A visit to 書かない窓口 (issue 17): a clerk starts it from the resident's record, says what happened and to whom,
/// asks the event's questions, and sees the bundle with its reasons; impossible dates and missing answers are answered
/// next to their field with what was typed kept; two clerks on one household are told, not overwritten.
/// </summary>
public abstract class CounterVisitTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task AClerk_InterviewsAFamilyMovingIn_AndSeesTheBundleWithItsReasons()
    {
        var family = await TestHouseholds.KudoAsync(App);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));

        var visit = await StartAsync(clerk, family[0].Atena);
        var chosen = await clerk.PostFormAsync($"{visit}?handler=Choose", Fields(0, family, "tennyu"), visit);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var questions = WebUtility.HtmlDecode(await clerk.GetStringAsync(visit));
        Assert.Contains("工藤　恵 さん: 勤務先の健康保険・厚生年金に加入していますか", questions);
        Assert.Contains("犬を飼っていますか", questions);

        var answers = Fields(1, family, "tennyu");
        foreach (var person in family)
        {
            answers[$"Answers[employeeInsurance.{person.Atena}]"] = person.GivenName == "恵" ? "no" : "yes";
            answers[$"Answers[careCertified.{person.Atena}]"] = "no";
        }

        (answers["Answers[nursery]"], answers["Answers[dog]"]) = ("no", "yes");
        var prepared = await clerk.PostFormAsync(visit, answers, visit);

        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        var page = WebUtility.HtmlDecode(await clerk.GetStringAsync(visit));
        Assert.Contains("転入で必要な手続き（6件）", page);
        Assert.Contains("国民健康保険の加入", page);
        Assert.Contains("75歳未満で、勤務先の健康保険に入っていないため", page);
        Assert.Contains("児童手当の認定請求", page);
        Assert.Contains("犬の登録", page);
        Assert.DoesNotContain("保育給付認定", page);
        Assert.Single(await AuditEventsAsync("counter.visit_started"));
        Assert.Equal(2, (await AuditEventsAsync("counter.visit_interviewed")).Count);
    }

    [Fact]
    public async Task ImpossibleDatesAndMissingAnswers_AreAnsweredNextToTheirField_KeepingWhatWasTyped()
    {
        var family = await TestHouseholds.KudoAsync(App);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var visit = await StartAsync(clerk, family[0].Atena);

        var beforeBirth = Fields(0, family, "tennyu", year: "2010");
        var refused = await clerk.PostFormAsync(visit, beforeBirth, visit);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedPage = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("工藤　蓮 さんの生年月日（平成28年2月2日）より前の日付です", refusedPage);
        Assert.Contains("value=\"2010\"", refusedPage);

        var future = Fields(1, family, "tennyu", year: "2099");
        var ahead = await clerk.PostFormAsync(visit, future, visit);
        Assert.Contains("今日以前の日付にしてください", WebUtility.HtmlDecode(await ahead.Content.ReadAsStringAsync()));

        var unanswered = await clerk.PostFormAsync(visit, Fields(2, family, "tennyu"), visit);
        Assert.Equal(HttpStatusCode.BadRequest, unanswered.StatusCode);
        Assert.Contains("工藤　誠 さんについて「勤務先の健康保険・厚生年金に加入していますか」に答えてください", WebUtility.HtmlDecode(await unanswered.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task TwoClerksOnOneHousehold_ShareOneVisit_AndTheLaterSaveIsToldWhatHappened()
    {
        var family = await TestHouseholds.KudoAsync(App);
        var first = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var second = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));

        var visit = await StartAsync(first, family[0].Atena);
        Assert.Equal(visit, await StartAsync(second, family[1].Atena)); // the household's open visit, not a second one

        Assert.Equal(HttpStatusCode.Redirect, (await second.PostFormAsync($"{visit}?handler=Choose", Fields(0, family, "tenkyo"), visit)).StatusCode);
        var stale = await first.PostFormAsync($"{visit}?handler=Choose", Fields(0, family, "tennyu"), visit);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Contains("ほかの職員がこの窓口受付を更新しました", page);
        Assert.Contains("name=\"Revision\" value=\"1\"", page);
    }

    [Fact]
    public async Task AVisit_CanBeCancelled_AndTheHouseholdIsServedAfresh()
    {
        var family = await TestHouseholds.KudoAsync(App);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var visit = await StartAsync(clerk, family[0].Atena);

        var cancelled = await clerk.PostFormAsync($"{visit}?handler=Cancel", new() { ["Revision"] = "0" }, visit);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Contains("窓口受付をやめました", WebUtility.HtmlDecode(await clerk.GetStringAsync(cancelled.Headers.Location!.OriginalString)));
        Assert.Contains("この窓口受付は終わっています", WebUtility.HtmlDecode(await clerk.GetStringAsync(visit)));
        var again = await StartAsync(clerk, family[0].Atena);

        Assert.NotEqual(visit, again);
        Assert.Single(await AuditEventsAsync("counter.visit_cancelled"));
    }

    [Fact]
    public async Task OnlyCounterClerks_ServeTheCounter()
    {
        var family = await TestHouseholds.KudoAsync(App);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "shimin"));
        var visit = await StartAsync(clerk, family[0].Atena);

        var look = await officer.GetAsync(visit);

        Assert.Equal(HttpStatusCode.Redirect, look.StatusCode);
        Assert.Contains("/forbidden", look.Headers.Location!.OriginalString);
        Assert.DoesNotContain("この世帯の窓口受付を始める", WebUtility.HtmlDecode(await officer.GetStringAsync($"/staff/residents/{family[0].Atena}")));
    }

    private static async Task<string> StartAsync(HttpClient clerk, string atena)
    {
        var started = await clerk.PostFormAsync("/staff/counter/visits", new() { ["atena"] = atena }, $"/staff/residents/{atena}");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        return started.Headers.Location!.OriginalString;
    }

    private static Dictionary<string, string> Fields(int revision, IReadOnlyList<TestHouseholds.Person> family, string lifeEvent, string year = "2026") => new()
    {
        ["Revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["LifeEventId"] = lifeEvent,
        ["EventDate.Era"] = "Western",
        ["EventDate.Year"] = year,
        ["EventDate.Month"] = "12",
        ["EventDate.Day"] = "1",
        ["Subjects[0]"] = family[0].Atena,
        ["Subjects[1]"] = family[1].Atena,
        ["Subjects[2]"] = family[2].Atena,
    };
}

public sealed class CounterVisitTests_Sqlite() : CounterVisitTests(Engine.Sqlite);

public sealed class CounterVisitTests_PostgreSql() : CounterVisitTests(Engine.PostgreSql);
