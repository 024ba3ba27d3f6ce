using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Procedures;

/// <summary>A resident reports road damage online: draft, steps, conditional questions, check, submit, receipt.</summary>
public abstract partial class ApplicationJourneyTests(Engine engine) : IntegrationTest(engine)
{
    private const string ProcedureId = "douro-sonshou-tsuuhou";

    [Fact]
    public async Task Resident_FillsChecksAndSubmits_AndGetsOneReceiptEvenWhenSubmittingTwice()
    {
        var resident = await App.CreateResidentAsync();
        var client = await App.SignInAsync(resident);
        Assert.Contains("オンラインで申請する", await client.GetStringAsync($"/procedures/{ProcedureId}"));
        var step0 = await StartAsync(client);

        var empty = await client.PostFormAsync(step0, new() { ["action"] = "next" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var errors = await empty.Content.ReadAsStringAsync();
        Assert.Contains("損傷の種類を選んでください", errors);
        Assert.Contains("場所を入力してください", errors);
        Assert.Contains("href=\"#kind\"", errors);

        var placed = await client.PostFormAsync(step0, new()
        {
            ["kind"] = "pothole", ["location"] = "五所川原市字布屋町41番地1の前の市道", ["details"] = "直径30センチほどの穴があります",
            ["noticedOn.Era"] = "Reiwa", ["noticedOn.Year"] = "８", ["noticedOn.Month"] = "11", ["noticedOn.Day"] = "20",
            ["dangerous"] = "true", ["action"] = "next",
        });
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var step1 = placed.Headers.Location!.OriginalString;
        Assert.EndsWith("/step/1", step1);

        var reply = await client.PostFormAsync(step1, new() { ["wantsReply"] = "yes", ["agree"] = "true", ["action"] = "next" });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode); // the contact questions appear once "yes" is saved
        Assert.Contains("name=\"contact.phone\"", await reply.Content.ReadAsStringAsync());

        var contact = await client.PostFormAsync(step1, new()
        {
            ["wantsReply"] = "yes", ["contact.name"] = "五所川原 花子", ["contact.kana"] = "ごしょがわら はなこ", ["contact.phone"] = "０１７３－３５－２１１１",
            ["agree"] = "true", ["action"] = "next",
        });
        Assert.Equal(HttpStatusCode.Redirect, contact.StatusCode);
        var check = contact.Headers.Location!.OriginalString;
        var summary = await client.GetStringAsync(check);
        Assert.Contains("令和8年（2026年）11月20日", summary);
        Assert.Contains("道路の穴・くぼみ", summary);
        Assert.Contains("ゴショガワラ　ハナコ", System.Net.WebUtility.HtmlDecode(summary));

        var undeclared = await client.PostFormAsync(check, new() { ["declaration"] = "false" });
        Assert.Equal(HttpStatusCode.BadRequest, undeclared.StatusCode);

        var submitted = await client.PostFormAsync(check, new() { ["declaration"] = "true" });
        var again = await client.PostFormAsync(check, new() { ["declaration"] = "true" }, formPage: $"/procedures/{ProcedureId}/apply");
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(submitted.Headers.Location, again.Headers.Location);
        var receipt = Receipt().Match(submitted.Headers.Location!.OriginalString).Value;
        Assert.Matches(@"^20\d\d-\d{6}$", receipt);
        var receiptPage = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(submitted.Headers.Location!.OriginalString));
        Assert.Contains(receipt, receiptPage);
        // What happens next, when, and how to ask (issue 15: the page repeated one sentence and said none of it).
        Assert.Contains("これからの流れ", receiptPage);
        Assert.Contains("土木課が申請の内容を確認します。", receiptPage);
        Assert.Matches(@"令和\d+年\d+月\d+日（[日月火水木金土]）ごろまでに結果をお知らせする予定です（標準処理期間: 開庁日で10日）", receiptPage);
        Assert.Contains($"受付番号 {receipt} をお伝えください", receiptPage);
        Assert.Contains("<title>申請を受け付けました（道路・側溝などの損傷の通報）", receiptPage);

        await using var db = Database.CreateContext();
        var application = await db.Set<Madoguchi.Features.Casework.Application>().SingleAsync();
        Assert.Equal(receipt, application.ReceiptNumber);
        var answers = JsonNode.Parse(application.Answers)!;
        Assert.Equal("0173352111", answers["contact"]!["phone"]!.GetValue<string>());
        Assert.Equal("2026-11-20", answers["noticedOn"]!.GetValue<string>());
        Assert.Single(await AuditEventsAsync("application.submitted"));
        var mail = Assert.Single(await WrittenMail.AllAsync(db));
        Assert.Contains(receipt, mail["textBody"]!.GetValue<string>());
    }

    [Fact]
    public async Task HiddenAnswers_AreNotKept_WhenTheResidentChangesTheirMind()
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = await StartAsync(client);
        await client.PostFormAsync(step0, new()
        {
            ["kind"] = "gutter", ["location"] = "五所川原市金木町朝日山の市道", ["details"] = "側溝のふたが割れています",
            ["noticedOn.Era"] = "Western", ["noticedOn.Year"] = "2026", ["noticedOn.Month"] = "11", ["noticedOn.Day"] = "1", ["action"] = "next",
        });
        var step1 = step0.Replace("/step/0", "/step/1", StringComparison.Ordinal);
        await client.PostFormAsync(step1, new() { ["wantsReply"] = "yes", ["contact.name"] = "五所川原 太郎", ["contact.phone"] = "0173352111", ["agree"] = "true", ["action"] = "next" });
        var done = await client.PostFormAsync(step1, new() { ["wantsReply"] = "no", ["agree"] = "true", ["action"] = "next" });
        var check = done.Headers.Location!.OriginalString;

        await client.PostFormAsync(check, new() { ["declaration"] = "true" });

        await using var db = Database.CreateContext();
        var answers = JsonNode.Parse((await db.Set<Madoguchi.Features.Casework.Application>().SingleAsync()).Answers)!;
        Assert.Null(answers["contact"]);
    }

    [Fact]
    public async Task OthersDraftsAndReceipts_AreNotFound_AndAnonymousResidentsAreAskedToSignIn()
    {
        var owner = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = await StartAsync(owner);
        var stranger = await App.SignInAsync(await App.CreateResidentAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(step0)).StatusCode);
        var anonymous = await App.CreateBrowser().GetAsync("/procedures/sodai-gomi/apply"); // a procedure that needs an account
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/signin?returnUrl=", anonymous.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/applications/2026-000001/submitted")).StatusCode);
    }

    [Fact]
    public async Task ADraft_StaysOnTheVersionItWasStartedOn()
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = await StartAsync(client);

        var directory = CatalogCopy.Create(Database, "catalog-v2");
        var file = Path.Combine(directory, "procedures", $"{ProcedureId}.json");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("場所と状況", "損傷の場所", StringComparison.Ordinal));
        await CatalogCopy.PublishAsync(App, directory);

        Assert.Contains("<h1>場所と状況</h1>", await client.GetStringAsync(step0));
        var fresh = await StartAsync(client);
        Assert.Contains("<h1>損傷の場所</h1>", await client.GetStringAsync(fresh));
    }

    [Fact]
    public async Task Resident_SeesTheApplicationAndItsHistory_AndWithdrawsItBeforeProcessingStarts()
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var receipt = await SubmitMinimalAsync(client);
        var mine = await client.GetStringAsync("/account/applications");
        Assert.Contains(receipt, mine);
        Assert.Contains("受付済み", mine);

        var stranger = await App.SignInAsync(await App.CreateResidentAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/applications/{receipt}/withdraw")).StatusCode);

        var withdrawn = await client.PostFormAsync($"/applications/{receipt}/withdraw", new() { ["reason"] = "自分で修理の連絡をしました" });
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var after = await client.GetStringAsync("/account/applications");
        Assert.Contains("取り下げました", after);
        Assert.Contains($"受付番号 {receipt} の申請を取り下げました", after);

        var again = await client.PostFormAsync($"/applications/{receipt}/withdraw", new() { ["reason"] = "" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var audit = Assert.Single(await AuditEventsAsync("application.withdrawn"));
        Assert.Equal(receipt, audit.ResourceId);
        await using var db = Database.CreateContext();
        Assert.Equal(2, await db.Set<Madoguchi.Features.Casework.ApplicationStatusChange>().CountAsync());
    }

    [Fact]
    public async Task Withdrawal_IsRefused_OnceTheCityHasStarted()
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var receipt = await SubmitMinimalAsync(client);
        await using (var db = Database.CreateContext())
        {
            await db.Set<Madoguchi.Features.Casework.Application>().ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, "in_review"));
        }

        var response = await client.PostFormAsync($"/applications/{receipt}/withdraw", new() { ["reason"] = "" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("担当課へお問い合わせください", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Photos_AreCheckedByTheirContent_AndStoredOnce()
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = await StartAsync(client);
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01];

        var disguised = await PostWithFileAsync(client, step0, System.Text.Encoding.UTF8.GetBytes("this is not a photo"), "pothole.jpg");
        Assert.Equal(HttpStatusCode.BadRequest, disguised.StatusCode);
        Assert.Contains("現地の写真は JPEG、PNG のいずれかのファイルにしてください", await disguised.Content.ReadAsStringAsync());

        var empty = await PostWithFileAsync(client, step0, [], "empty.jpg");
        Assert.Contains("現地の写真のファイルが空です", await empty.Content.ReadAsStringAsync());

        var accepted = await PostWithFileAsync(client, step0, jpeg, "C:\\Users\\hanako\\穴の写真.jpg");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var stored = Directory.GetFiles(Path.Combine(Database.DataDirectory, "files"), "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        var file = Assert.Single(stored);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(jpeg)), Path.GetFileName(file));

        var again = await client.GetStringAsync(step0);
        Assert.Contains("添付済み: 穴の写真.jpg", again);
    }

    [Fact]
    public async Task Applicant_DownloadsAnA4PdfCopy_WithTheJapaneseFontEmbedded_AndNobodyElseCan()
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var receipt = await SubmitMinimalAsync(client);

        var response = await client.GetAsync($"/applications/{receipt}/copy.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.StartsWith("%PDF-", text);
        Assert.Matches(@"/MediaBox\s*\[0 0 595(\.\d+)? 84[12](\.\d+)?\]", text); // A4 in points
        Assert.Contains("IPAexGothic", text);
        Assert.Contains("/FontFile2", text); // the TrueType font program is embedded
        Assert.Contains("/ToUnicode", text); // text can be searched and copied
        using (var reopened = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(bytes), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import))
        {
            Assert.Equal(1, reopened.PageCount);
            Assert.All(reopened.Pages.Cast<PdfSharp.Pdf.PdfPage>(), p => Assert.NotEmpty(PdfSharp.Pdf.Content.ContentReader.ReadContent(p)));
        }

        Assert.Single(await AuditEventsAsync("application.copy_downloaded"));

        var stranger = await App.SignInAsync(await App.CreateResidentAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/applications/{receipt}/copy.pdf")).StatusCode);
        var signedOut = App.CreateBrowser();
        var challenged = await signedOut.GetAsync($"/applications/{receipt}/copy.pdf");
        Assert.Equal(HttpStatusCode.Redirect, challenged.StatusCode);
        Assert.StartsWith("/signin", challenged.Headers.Location!.OriginalString);
    }

    private static async Task<HttpResponseMessage> PostWithFileAsync(HttpClient client, string step, byte[] content, string fileName)
    {
        var page = await client.GetStringAsync(step);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new StringContent("pothole"), "kind" },
            { new StringContent("五所川原市字布屋町の市道"), "location" },
            { new StringContent("大きな穴があります"), "details" },
            { new StringContent("Western"), "noticedOn.Era" },
            { new StringContent("2026"), "noticedOn.Year" },
            { new StringContent("11"), "noticedOn.Month" },
            { new StringContent("3"), "noticedOn.Day" },
            { new StringContent("next"), "action" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "photo", fileName);
        return await client.PostAsync(step, form);
    }

    private static async Task<string> SubmitMinimalAsync(HttpClient client)
    {
        var step0 = await StartAsync(client);
        await client.PostFormAsync(step0, new()
        {
            ["kind"] = "streetlight", ["location"] = "五所川原市字布屋町の市道", ["details"] = "街路灯が夜に点きません",
            ["noticedOn.Era"] = "Western", ["noticedOn.Year"] = "2026", ["noticedOn.Month"] = "11", ["noticedOn.Day"] = "2", ["action"] = "next",
        });
        var done = await client.PostFormAsync(step0.Replace("/step/0", "/step/1", StringComparison.Ordinal), new() { ["wantsReply"] = "no", ["agree"] = "true", ["action"] = "next" });
        var submitted = await client.PostFormAsync(done.Headers.Location!.OriginalString, new() { ["declaration"] = "true" });
        return Receipt().Match(submitted.Headers.Location!.OriginalString).Value;
    }

    [Fact]
    public async Task AFormThatNeedsTheCardSignature_IsOffered_AndItsCheckPageAsksForTheSignature()
    {
        var directory = CatalogCopy.Create(Database, "catalog-card");
        await CatalogCopy.ChangeIdentityLevelAsync(directory, ProcedureId, "none", "mynumber-signature");
        await CatalogCopy.PublishAsync(App, directory);
        var client = await App.SignInAsync(await App.CreateResidentAsync());

        // The signing step itself is exercised in Jpki/SignedApplicationTests.
        Assert.Contains("オンラインで申請する", await client.GetStringAsync($"/procedures/{ProcedureId}"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/procedures/{ProcedureId}/apply", new(), formPage: "/account")).StatusCode);
    }

    private static async Task<string> StartAsync(HttpClient client)
    {
        var started = await client.PostFormAsync($"/procedures/{ProcedureId}/apply", new());
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        return started.Headers.Location!.OriginalString;
    }

    [GeneratedRegex(@"20\d\d-\d{6}")]
    private static partial Regex Receipt();
}

public sealed class ApplicationJourneyTests_Sqlite() : ApplicationJourneyTests(Engine.Sqlite);

public sealed class ApplicationJourneyTests_PostgreSql() : ApplicationJourneyTests(Engine.PostgreSql);
