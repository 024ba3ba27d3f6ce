using System.Globalization;
using System.Net;
using System.Text;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Time;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Counter;

/// <summary>
/// 引越しワンストップ at the counter (issue 17): a household's 転入予約 is on the day's list; starting it opens the visit
/// prepared from what they reserved (people, move date, answers), the 転入届 first in the bundle, prefilled; the
/// household served is not waited for again.
/// </summary>
public abstract class ArrivalTests(Engine engine) : IntegrationTest(engine)
{
    private static DateOnly Today => JapanTime.Today(TimeProvider.System);

    [Fact]
    public async Task AReservedHousehold_IsServedFromItsReservation_WithTheMoveInNoticePrepared()
    {
        var (receipt, visitDay) = await TestReservations.NaritaAsync(App, answersAll: true);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));

        var list = WebUtility.HtmlDecode(await clerk.GetStringAsync($"/staff/counter/arrivals?on={Iso(visitDay)}"));
        Assert.Contains(receipt, list);
        Assert.Contains("成田　健一", list);
        Assert.Contains("2人", list);
        Assert.DoesNotContain("成田", WebUtility.HtmlDecode(await clerk.GetStringAsync($"/staff/counter/arrivals?on={Iso(visitDay.AddDays(1))}")));

        var started = await clerk.PostFormAsync("/staff/counter/arrivals?handler=Start", new() { ["receipt"] = receipt }, $"/staff/counter/arrivals?on={Iso(visitDay)}");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var forms = started.Headers.Location!.OriginalString;
        Assert.EndsWith("/forms", forms); // every question answered ahead: the visit opens prepared

        var page = WebUtility.HtmlDecode(await clerk.GetStringAsync(forms));
        Assert.Contains("転入届", page);
        Assert.Contains("value=\"成田　健一\"", page);
        Assert.Contains("value=\"成田　由美\"", page);
        Assert.Contains("value=\"青森県弘前市大字本町1番地\"", page); // 前の住所
        Assert.Contains("水道の使用開始・中止の届出", page);
        Assert.DoesNotContain("国民健康保険の加入", page); // both have workplace insurance

        // The same reservation started again is the same visit.
        var again = await clerk.PostFormAsync("/staff/counter/arrivals?handler=Start", new() { ["receipt"] = receipt }, $"/staff/counter/arrivals?on={Iso(visitDay)}");
        Assert.Equal(forms, again.Headers.Location!.OriginalString);
        await using var db = Database.CreateContext();
        var visit = await db.Set<CounterVisit>().AsNoTracking().SingleAsync();
        Assert.Equal((receipt, VisitStatus.Prepared, "tennyu"), (visit.ReservationReceipt, visit.Status, visit.LifeEventId));
        Assert.Null(visit.HouseholdNumber);
        Assert.Equal(4, (await AuditEventsAsync("counter.arrivals_viewed")).Count); // two lists looked at, and the list behind each start

        // Completed: the 転入届 and the water in 市民課's and 経営管理課's inboxes; the reservation taken up, no longer
        // cancellable online, and no longer waited for.
        var screen = await CounterScreen.ValuesAsync(clerk, forms);
        screen["tennyu_todoke.applicant.phone"] = "0172111111";
        screen["tennyu_todoke.certificate"] = "card";
        (screen["suidou_kaishi_chushi.kind"], screen["suidou_kaishi_chushi.payment"], screen["suidou_kaishi_chushi.user.phone"]) = ("start", "slip", "0172111111");
        Assert.Equal(HttpStatusCode.Redirect, (await clerk.PostMultipartAsync(forms, screen)).StatusCode);
        var revision = (await CounterScreen.ValuesAsync(clerk, forms))["Revision"];
        Assert.Equal(HttpStatusCode.Redirect, (await clerk.PostFormAsync($"{forms}?handler=Complete", new() { ["Revision"] = revision, ["Signed"] = "true" }, forms)).StatusCode);
        var applications = await db.Set<Application>().AsNoTracking().ToListAsync();
        var notice = applications.Single(a => a.ProcedureId == "tennyu-todoke");
        Assert.Equal(("成田　健一", ApplicationChannel.Counter, "shimin"), (notice.ApplicantName, notice.Channel, notice.Department));
        Assert.Equal(ApplicationStatus.InReview, applications.Single(a => a.ReceiptNumber == receipt).Status);
        var history = await db.Set<ApplicationStatusChange>().AsNoTracking().Where(c => c.ToStatus == ApplicationStatus.InReview).SingleAsync();
        Assert.Equal($"窓口で受付済み（転入届の受付番号 {notice.ReceiptNumber}）", history.Reason);
        Assert.DoesNotContain(receipt, await clerk.GetStringAsync($"/staff/counter/arrivals?on={Iso(visitDay)}"));
        var gone = await clerk.PostFormAsync("/staff/counter/arrivals?handler=Start", new() { ["receipt"] = receipt }, $"/staff/counter/arrivals?on={Iso(visitDay)}");
        Assert.Equal("/staff/counter/arrivals?done=gone", gone.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AReservationWithQuestionsUnanswered_OpensTheInterview_AndAWithdrawnOneIsGone()
    {
        var (receipt, visitDay) = await TestReservations.NaritaAsync(App, answersAll: false);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "shimin"));

        var started = await clerk.PostFormAsync("/staff/counter/arrivals?handler=Start", new() { ["receipt"] = receipt }, $"/staff/counter/arrivals?on={Iso(visitDay)}");
        var visit = started.Headers.Location!.OriginalString;
        Assert.DoesNotContain("/forms", visit);
        var page = WebUtility.HtmlDecode(await clerk.GetStringAsync(visit));
        Assert.Contains("転入予約（予約番号 " + receipt, page);
        Assert.Contains("成田　由美 さん: 前の住所地で要介護・要支援の認定を受けていましたか", page);

        Assert.Contains("/forbidden", (await officer.GetAsync($"/staff/counter/arrivals?on={Iso(visitDay)}")).Headers.Location!.OriginalString);
        var gone = await clerk.PostFormAsync("/staff/counter/arrivals?handler=Start", new() { ["receipt"] = "2026-999999" }, $"/staff/counter/arrivals?on={Iso(visitDay)}");
        Assert.Equal("/staff/counter/arrivals?done=gone", gone.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheMoveOutCertificates_AreTakenWholeFromAShiftJisFile_AndTheVisitUsesWhatTheyCertify()
    {
        var (receipt, visitDay) = await TestReservations.NaritaAsync(App, answersAll: true);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var shiftJis = CodePagesEncodingProvider.Instance.GetEncoding(932)!;
        const string header = "転出地市区町村コード,転出地市区町村名,住民票コード,氏,名,氏のフリガナ,名のフリガナ,生年月日,性別,世帯主の氏名,世帯主との続柄,転出前の住所,転出先の住所,転出予定年月日,来庁予定年月日";
        var moved = Iso(Today.AddDays(-2));
        var good = $"""
            {header}
            022021,弘前市,12345678901,成田,健一,ナリタ,ケンイチ,平成2年6月15日,男,成田　健一,世帯主,青森県弘前市大字本町1番地　ハイツ本町201号,青森県五所川原市字布屋町41番地1,{moved},
            022021,弘前市,12345678902,成田,由美,ﾅﾘﾀ,ﾕﾐ,1992/3/3,女,成田　健一,妻,青森県弘前市大字本町1番地　ハイツ本町201号,青森県五所川原市字布屋町41番地1,{moved},{Iso(visitDay)}
            """;
        var bad = $"""
            {header}
            022022,弘前市,12345678901,成田,健一,なりた,ケンイチ,1990-06-15,男,成田　健一,世帯主,弘前市,五所川原市,{moved},
            022021,弘前市,1234567890,成田,由美,ナリタ,ユミ123,2030-01-01,女,成田　健一,妻,弘前市,五所川原市,{moved},
            """;

        var refused = await UploadAsync(clerk, shiftJis.GetBytes(bad));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedPage = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("ファイルに4件の問題があるため、取り込みませんでした", refusedPage);
        Assert.Contains("転出地市区町村コードは、検査数字を含む6けた", refusedPage);
        Assert.Contains("住民票コードは半角数字11桁", refusedPage);
        Assert.Contains("「名のフリガナ」はカタカナで書いてください", refusedPage);
        Assert.Contains("生年月日が転出予定年月日より後になっています", refusedPage);

        var taken = await UploadAsync(clerk, shiftJis.GetBytes(good));
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains("新しく2件、訂正0件、取込済み0件", WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync()));
        Assert.Contains("新しく0件、訂正0件、取込済み2件", WebUtility.HtmlDecode(await (await UploadAsync(clerk, shiftJis.GetBytes(good))).Content.ReadAsStringAsync()));
        Assert.Contains("2人分／2人が届いています", WebUtility.HtmlDecode(await clerk.GetStringAsync($"/staff/counter/arrivals?on={Iso(visitDay)}")));

        var started = await clerk.PostFormAsync("/staff/counter/arrivals?handler=Start", new() { ["receipt"] = receipt }, $"/staff/counter/arrivals?on={Iso(visitDay)}");
        var forms = WebUtility.HtmlDecode(await clerk.GetStringAsync(started.Headers.Location!.OriginalString));
        Assert.Contains("value=\"青森県弘前市大字本町1番地　ハイツ本町201号\"", forms); // as certified, not as typed
        Assert.Single(await AuditEventsAsync("arrivals.certificates_refused"));
        Assert.Equal(2, (await AuditEventsAsync("arrivals.certificates_imported")).Count);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient clerk, byte[] content) =>
        clerk.PostMultipartAsync("/staff/counter/arrivals?handler=Certificates", new(), ("Certificates", "tenshutsu.csv", content));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed class ArrivalTests_Sqlite() : ArrivalTests(Engine.Sqlite);

public sealed class ArrivalTests_PostgreSql() : ArrivalTests(Engine.PostgreSql);
