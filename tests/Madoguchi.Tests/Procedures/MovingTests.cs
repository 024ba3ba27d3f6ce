using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Jpki;
using Madoguchi.Platform.Time;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// 引越しワンストップ online (issue 17): the 転出届 signed with the card, within the legal window (30 days before the move
/// to 14 days after), with the planned visit at the destination; the 転入予約 for a visit within 14 days of moving in
/// on a day the office is open, not in the past; both withdrawn online before the city starts on them.
/// </summary>
public abstract class MovingTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly CardHolder Hanako = new("五所川原　花子", "ゴショガワラ　ハナコ", new DateOnly(1980, 4, 1), HolderSex.Female, "青森県五所川原市字布屋町41番地1");

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jpki:AcceptTestCards"] = "true" };

    private static DateOnly Today => JapanTime.Today(TimeProvider.System);

    [Fact]
    public async Task TheMoveOutNotice_IsSignedWithTheCard_AndItsDatesKeepTheLegalWindow()
    {
        var ca = LocalTestCa.Init(Path.Combine(Database.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        var card = ca.IssueCard(Hanako, DateTimeOffset.UtcNow);

        var tooEarly = await SignedAsync(card, MoveOut(Today.AddDays(31), Today.AddDays(33)), "out-1");
        Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
        var errors = JsonNode.Parse(await tooEarly.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal($"引越しの日（予定日）は{Platform(Today.AddDays(30))}以前の日付にしてください", errors["moveDate"]![0]!.GetValue<string>());

        var visitTooLate = await SignedAsync(card, MoveOut(Today.AddDays(3), Today.AddDays(18)), "out-2");
        Assert.Equal(HttpStatusCode.BadRequest, visitTooLate.StatusCode);
        Assert.Contains("転入先の市区町村に行く予定の日は引越しの日（予定日）から14日以内の日付にしてください", await visitTooLate.Content.ReadAsStringAsync());

        var accepted = await SignedAsync(card, MoveOut(Today.AddDays(10), Today.AddDays(12)), "out-3");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await using var db = Database.CreateContext();
        var notice = await db.Set<Application>().AsNoTracking().SingleAsync();
        Assert.Equal(("tenshutsu-todoke", "shimin"), (notice.ProcedureId, notice.Department));
        Assert.Equal(card.Signature.SerialNumber, notice.SignatureCertificateSerial);
    }

    [Fact]
    public async Task AMoveInReservation_IsForAnOpenDayWithinFourteenDays_AndCanBeCancelledOnline()
    {
        var resident = await App.CreateResidentAsync();
        var api = await App.CreateApiClientAsync(resident.UserId, "applications");
        var calendar = await App.WithServicesAsync(s => Task.FromResult(s.GetRequiredService<BusinessCalendar>()));
        var moveDate = Today.AddDays(2);
        var openDay = Enumerable.Range(1, 14).Select(moveDate.AddDays).First(calendar.IsBusinessDay);
        var closedDay = Enumerable.Range(1, 14).Select(moveDate.AddDays).First(d => !calendar.IsBusinessDay(d));

        var past = await PostAsync(api, "tennyu-yoyaku", MoveIn(moveDate, Today.AddDays(-1)), "in-1");
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains($"市民課の窓口に来る日は{Platform(Today.AddDays(1))}以降の日付にしてください", await past.Content.ReadAsStringAsync());

        var closed = await PostAsync(api, "tennyu-yoyaku", MoveIn(moveDate, closedDay), "in-2");
        Assert.Equal(HttpStatusCode.BadRequest, closed.StatusCode);
        Assert.Contains("市民課の窓口に来る日は市役所の開庁日", await closed.Content.ReadAsStringAsync());

        var reserved = await PostAsync(api, "tennyu-yoyaku", MoveIn(moveDate, openDay), "in-3");
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        var receipt = JsonNode.Parse(await reserved.Content.ReadAsStringAsync())!["receiptNumber"]!.GetValue<string>();

        // A move within the city is reserved the same way.
        var within = await PostAsync(api, "tenkyo-yoyaku", Encoding.UTF8.GetBytes($$"""
            {"applicant":{"name":"工藤　誠","kana":"クドウ　マコト","birthDate":"1984-05-01","address":"五所川原市字布屋町41番地1","phone":"0173352111"},
             "movers":[{"name":"工藤　誠","kana":"クドウ　マコト","birthDate":"1984-05-01","sex":"male","relationship":"世帯主"}],
             "newAddress":{"address":"五所川原市字栄町119番地"},"moveDate":"{{Iso(moveDate)}}","visitDate":"{{Iso(openDay)}}","questions":{"dog":"no"},"agree":true}
            """), "in-4");
        Assert.Equal(HttpStatusCode.Created, within.StatusCode);

        // Cancelled online, as a withdrawal before the office starts on it.
        var browser = await App.SignInAsync(resident);
        var cancelled = await browser.PostFormAsync($"/applications/{receipt}/withdraw", new() { ["reason"] = "引越しの日が変わったため" });
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        await using var db = Database.CreateContext();
        Assert.Equal(ApplicationStatus.Withdrawn, (await db.Set<Application>().AsNoTracking().SingleAsync(a => a.ReceiptNumber == receipt)).Status);
    }

    private static string Platform(DateOnly date) => Madoguchi.Platform.Ui.JapaneseDate.Format(date);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static byte[] MoveOut(DateOnly move, DateOnly visit) => Encoding.UTF8.GetBytes($$"""
        {"applicant":{"name":"五所川原　花子","kana":"ゴショガワラ　ハナコ","birthDate":"1980-04-01","address":"青森県五所川原市字布屋町41番地1","phone":"0173352111"},
         "movers":[{"name":"五所川原　花子","kana":"ゴショガワラ　ハナコ","birthDate":"1980-04-01","sex":"female","relationship":"世帯主"}],
         "newAddress":{"postalCode":"0360000","address":"青森県弘前市大字本町1番地","householderName":"五所川原　花子"},
         "moveDate":"{{Iso(move)}}","visitDate":"{{Iso(visit)}}","agree":true}
        """);

    private static byte[] MoveIn(DateOnly move, DateOnly visit) => Encoding.UTF8.GetBytes($$"""
        {"applicant":{"name":"工藤　誠","kana":"クドウ　マコト","birthDate":"1984-05-01","fromAddress":"青森県弘前市大字本町1番地","phone":"0173352111"},
         "movers":[{"name":"工藤　誠","kana":"クドウ　マコト","birthDate":"1984-05-01","sex":"male","relationship":"世帯主","employeeInsurance":"yes","careCertified":"no"},
                   {"name":"工藤　蓮","kana":"クドウ　レン","birthDate":"2016-02-02","sex":"male","relationship":"子","employeeInsurance":"yes"}],
         "newAddress":{"postalCode":"0378686","address":"五所川原市字布屋町41番地1"},
         "moveDate":"{{Iso(move)}}","visitDate":"{{Iso(visit)}}","questions":{"nursery":"no","dog":"yes"},"agree":true}
        """);

    private Task<HttpResponseMessage> SignedAsync(VirtualCard card, byte[] body, string key)
    {
        var request = Request("tenshutsu-todoke", body, key);
        request.Headers.Add("X-Jpki-Signature", Convert.ToBase64String(card.SignCms(body)));
        return App.CreateBrowser().SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string procedure, byte[] body, string key) => client.SendAsync(Request(procedure, body, key));

    private static HttpRequestMessage Request(string procedure, byte[] body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{procedure}/applications") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}

public sealed class MovingTests_Sqlite() : MovingTests(Engine.Sqlite);

public sealed class MovingTests_PostgreSql() : MovingTests(Engine.PostgreSql);
