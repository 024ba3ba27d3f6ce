using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Jpki;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Jpki;

/// <summary>Signature-level procedures through the API: the body signed with the card, checked, kept and shown to staff.</summary>
public abstract class SignedApplicationTests(Engine engine) : IntegrationTest(engine)
{
    private const string RoadDamage = "douro-sonshou-tsuuhou";
    private static readonly CardHolder Hanako = new("五所川原　花子", "ゴショガワラ　ハナコ", new DateOnly(1980, 4, 1), HolderSex.Female, "青森県五所川原市字布屋町41番地1");

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jpki:AcceptTestCards"] = "true" };

    private static byte[] Body => Encoding.UTF8.GetBytes("""
        {"kind":"pothole","location":"五所川原市字布屋町41番地1の前の市道","details":"穴があります","noticedOn":"2026-11-20","wantsReply":"no","agree":true}
        """);

    [Fact]
    public async Task ASignedApplication_IsAccepted_AndStaffSeeTheSignatureAndTheFourItems()
    {
        var (ca, card) = await SignatureLevelAsync();

        var response = await PostAsync(Body, Convert.ToBase64String(card.SignCms(Body)), "signed-1");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = Database.CreateContext();
        var application = await db.Set<Application>().AsNoTracking().SingleAsync();
        Assert.Equal(card.Signature.SerialNumber, application.SignatureCertificateSerial);
        Assert.NotNull(application.SignatureCms);
        Assert.Contains("\"status\"", application.SignatureReport);
        Assert.Single(await AuditEventsAsync("signature.verified"));

        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync($"/staff/cases/{application.Id}"));
        Assert.Contains("署名は有効です", page);
        Assert.Contains("五所川原　花子／女性／昭和55年（1980年）4月1日／青森県五所川原市字布屋町41番地1", page);
        Assert.Contains(card.Signature.SerialNumber, page);

        // The signed bytes are kept, encrypted, so that the signature can be checked again: after the card is revoked,
        // checking again says so.
        var kept = await File.ReadAllBytesAsync(Directory.GetFiles(Path.Combine(Database.DataDirectory, "files"), application.SignedContentFile!, SearchOption.AllDirectories).Single());
        Assert.DoesNotContain("pothole", Encoding.UTF8.GetString(kept), StringComparison.Ordinal);
        ca.Revoke(card.Signature.SerialNumber, DateTimeOffset.UtcNow);
        var rechecked = await officer.PostFormAsync($"/staff/cases/{application.Id}?handler=recheck", new(), formPage: $"/staff/cases/{application.Id}");
        Assert.Equal(HttpStatusCode.OK, rechecked.StatusCode);
        Assert.Contains("電子証明書が失効しています", WebUtility.HtmlDecode(await rechecked.Content.ReadAsStringAsync()));
        Assert.Single(await AuditEventsAsync("signature.rechecked"));
    }

    [Fact]
    public async Task AnUnsignedTamperedOrRevokedSubmission_IsRefusedWithItsReason_AndAudited()
    {
        var (ca, card) = await SignatureLevelAsync();

        var unsigned = await PostAsync(Body, null, "u-1");
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Contains("X-Jpki-Signature", await unsigned.Content.ReadAsStringAsync());

        var tampered = await PostAsync([.. Body, (byte)' '], Convert.ToBase64String(card.SignCms(Body)), "t-1");
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("署名された内容と、届いた内容が一致しません", await tampered.Content.ReadAsStringAsync());

        ca.Revoke(card.Signature.SerialNumber, DateTimeOffset.UtcNow);
        var revoked = await PostAsync(Body, Convert.ToBase64String(card.SignCms(Body)), "r-1");
        Assert.Equal(HttpStatusCode.BadRequest, revoked.StatusCode);
        Assert.Contains("電子証明書が失効しています", await revoked.Content.ReadAsStringAsync());

        await using var db = Database.CreateContext();
        Assert.Empty(await db.Set<Application>().ToListAsync());
        // Kept although each submission rolled back: recorded once each response is done, so wait for the last one.
        var refusals = await AuditEventsAsync("signature.refused");
        for (var i = 0; i < 50 && refusals.Count < 3; i++)
        {
            await Task.Delay(100);
            refusals = await AuditEventsAsync("signature.refused");
        }

        Assert.Equal(3, refusals.Count);
    }

    /// <summary>The road-damage report published at signature level, and a virtual card from the host's local test CA.</summary>
    [Fact]
    public async Task OnTheWeb_TheResidentSignsTheShownDocumentThroughTheCardBridge_AndStaffSeeTheSignature()
    {
        var (_, card) = await SignatureLevelAsync();
        var resident = await App.CreateResidentAsync();
        var client = await App.SignInAsync(resident);
        var step0 = (await client.PostFormAsync($"/procedures/{RoadDamage}/apply", new())).Headers.Location!.OriginalString;
        var step1 = (await client.PostFormAsync(step0, new()
        {
            ["kind"] = "pothole", ["location"] = "五所川原市字布屋町41番地1の前の市道", ["details"] = "穴があります",
            ["noticedOn.Era"] = "Reiwa", ["noticedOn.Year"] = "8", ["noticedOn.Month"] = "11", ["noticedOn.Day"] = "20", ["action"] = "next",
        })).Headers.Location!.OriginalString;
        var check = (await client.PostFormAsync(step1, new() { ["wantsReply"] = "no", ["agree"] = "true", ["action"] = "next" })).Headers.Location!.OriginalString;

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(check));
        Assert.Contains("マイナンバーカードで電子署名する", page);
        Assert.Contains("data-card-bridge=\"http://127.0.0.1:47200\"", page);
        var document = await client.GetByteArrayAsync(check + "?handler=document");
        var text = Encoding.UTF8.GetString(document);
        Assert.Contains("\"format\": \"madoguchi-signed-application/1\"", text);
        Assert.Contains("五所川原市字布屋町41番地1の前の市道", text);

        var unsigned = await client.PostFormAsync(check, new() { ["declaration"] = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Contains("署名してから", WebUtility.HtmlDecode(await unsigned.Content.ReadAsStringAsync()));
        var otherBytes = await client.PostFormAsync(check, new() { ["declaration"] = "true", ["Signature"] = Convert.ToBase64String(card.SignCms(Encoding.UTF8.GetBytes("別の内容"))) });
        Assert.Equal(HttpStatusCode.BadRequest, otherBytes.StatusCode);

        // The card bridge, as the page's script calls it, signs the document the page carries.
        var cardPath = Path.Combine(Database.DataDirectory, "hanako.p12");
        await File.WriteAllBytesAsync(cardPath, card.Export("TEST1234"));
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<Uri>();
        _ = new CardBridgeServer(cardPath, "TEST1234", ["https://localhost"], _ => true, TestLocalizer.Messages).RunAsync(0, stop.Token, started.SetResult);
        var bridge = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var carried = System.Text.RegularExpressions.Regex.Match(page, "data-data=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(Convert.ToBase64String(document), carried);
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bridge, "/v1/sign")) { Content = System.Net.Http.Json.JsonContent.Create(new { purpose = "signature", format = "cms", data = carried }) };
        request.Headers.Add("Origin", "https://localhost");
        var answer = JsonNode.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync())!;
        stop.Cancel();

        var submitted = await client.PostFormAsync(check, new() { ["declaration"] = "true", ["Signature"] = answer["signature"]!.GetValue<string>() });

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        await using var db = Database.CreateContext();
        var application = await db.Set<Application>().AsNoTracking().SingleAsync();
        Assert.Equal(card.Signature.SerialNumber, application.SignatureCertificateSerial);
        Assert.Equal(ApplicationChannel.Web, application.Channel);
        Assert.Single(await AuditEventsAsync("signature.verified"));
        Assert.Equal(2, (await AuditEventsAsync("signature.refused")).Count);

        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));
        var casePage = WebUtility.HtmlDecode(await officer.GetStringAsync($"/staff/cases/{application.Id}"));
        Assert.Contains("署名は有効です", casePage);
        var rechecked = await officer.PostFormAsync($"/staff/cases/{application.Id}?handler=recheck", new(), formPage: $"/staff/cases/{application.Id}");
        Assert.Contains("署名は有効です", WebUtility.HtmlDecode(await rechecked.Content.ReadAsStringAsync()));
    }

    /// <summary>
    /// The one access rule (decision 0013): a signature-level procedure needs the card's signature, not an account, on
    /// the web as on the API. Without an account the resident gives an e-mail address, signs on the check page, and the
    /// certificate names them.
    /// </summary>
    [Fact]
    public async Task OnTheWeb_WithoutAnAccount_TheSignatureAdmitsTheApplication_AndTheCertificateNamesTheApplicant()
    {
        var (_, card) = await SignatureLevelAsync();
        var browser = App.CreateBrowser();
        var start = await browser.PostFormAsync($"/procedures/{RoadDamage}/apply", new() { ["Email"] = "hanako@example.jp" });
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var step0 = start.Headers.Location!.OriginalString;
        var step1 = (await browser.PostFormAsync(step0, new()
        {
            ["kind"] = "pothole", ["location"] = "五所川原市字布屋町41番地1の前の市道", ["details"] = "穴があります",
            ["noticedOn.Era"] = "Reiwa", ["noticedOn.Year"] = "8", ["noticedOn.Month"] = "11", ["noticedOn.Day"] = "20", ["action"] = "next",
        })).Headers.Location!.OriginalString;
        var check = (await browser.PostFormAsync(step1, new() { ["wantsReply"] = "no", ["agree"] = "true", ["action"] = "next" })).Headers.Location!.OriginalString;

        var unsigned = await browser.PostFormAsync(check, new() { ["declaration"] = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        var document = await browser.GetByteArrayAsync(check + "?handler=document");
        var submitted = await browser.PostFormAsync(check, new() { ["declaration"] = "true", ["Signature"] = Convert.ToBase64String(card.SignCms(document)) });

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        await using var db = Database.CreateContext();
        var application = await db.Set<Application>().AsNoTracking().SingleAsync();
        Assert.Null(application.ApplicantUserId);
        Assert.Equal("hanako@example.jp", application.ApplicantEmail);
        Assert.Equal(card.Signature.SerialNumber, application.SignatureCertificateSerial);
        Assert.Equal("五所川原　花子", application.ApplicantName);
        Assert.Equal(new DateOnly(1980, 4, 1), application.ApplicantBirthDate);
        Assert.Equal(ApplicantMatch.Unmatched, application.MatchStatus);
        Assert.Single(await AuditEventsAsync("signature.verified"));
    }

    [Fact]
    public async Task TheCertificateNamesTheApplicant_AndTiesAnApplicationWithoutAnAccount_ToTheResidentWhoSignedBefore()
    {
        var (_, card) = await SignatureLevelAsync();
        var resident = await App.CreateResidentAsync();
        var withToken = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Body, Convert.ToBase64String(card.SignCms(Body)), "first", withToken)).StatusCode);

        var later = Encoding.UTF8.GetBytes("""
            {"kind":"gutter","location":"五所川原市字布屋町41番地1の前の側溝","details":"ふたが割れています","noticedOn":"2026-11-24","wantsReply":"no","agree":true}
            """);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(later, Convert.ToBase64String(card.SignCms(later)), "second")).StatusCode);

        await using var db = Database.CreateContext();
        var second = await db.Set<Application>().AsNoTracking().OrderBy(a => a.SubmittedAt).ThenBy(a => a.ReceiptNumber).LastAsync();
        Assert.Equal("五所川原　花子", second.ApplicantName); // the answers had no name: the certificate's
        Assert.Equal(new DateOnly(1980, 4, 1), second.ApplicantBirthDate);
        Assert.Equal(resident.UserId, second.ApplicantUserId);
        Assert.Equal(ApplicantMatch.ByCertificate, second.MatchStatus);
    }

    /// <summary>Security review (suspected): a serial number is unique only within its issuer, so a match needs both.</summary>
    [Fact]
    public async Task TheSameSerialFromAnotherIssuer_IsNotTheSameCertificate()
    {
        var (_, card) = await SignatureLevelAsync();
        var resident = await App.CreateResidentAsync();
        var withToken = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Body, Convert.ToBase64String(card.SignCms(Body)), "first", withToken)).StatusCode);
        await using (var db = Database.CreateContext())
        {
            var first = await db.Set<Application>().SingleAsync();
            Assert.NotNull(first.SignatureCertificateIssuer);
            first.SignatureCertificateIssuer = "CN=Another CA, O=Somewhere, C=JP";
            await db.SaveChangesAsync();
        }

        var later = Encoding.UTF8.GetBytes("""
            {"kind":"gutter","location":"五所川原市字布屋町41番地1の前の側溝","details":"ふたが割れています","noticedOn":"2026-11-24","wantsReply":"no","agree":true}
            """);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(later, Convert.ToBase64String(card.SignCms(later)), "second")).StatusCode);

        await using var after = Database.CreateContext();
        var second = await after.Set<Application>().AsNoTracking().OrderBy(a => a.SubmittedAt).ThenBy(a => a.ReceiptNumber).LastAsync();
        Assert.Null(second.ApplicantUserId);
        Assert.NotEqual(ApplicantMatch.ByCertificate, second.MatchStatus);
    }

    private async Task<(LocalTestCa Ca, VirtualCard Card)> SignatureLevelAsync()
    {
        var directory = CatalogCopy.Create(Database, "catalog-signature");
        await CatalogCopy.ChangeIdentityLevelAsync(directory, RoadDamage, "none", "mynumber-signature");
        await CatalogCopy.PublishAsync(App, directory);
        var ca = LocalTestCa.Init(Path.Combine(Database.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        return (ca, ca.IssueCard(Hanako, DateTimeOffset.UtcNow));
    }

    private Task<HttpResponseMessage> PostAsync(byte[] body, string? signature, string key, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{RoadDamage}/applications") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", key);
        if (signature is not null)
        {
            request.Headers.Add("X-Jpki-Signature", signature);
        }

        return (client ?? App.CreateBrowser()).SendAsync(request);
    }
}

public sealed class SignedApplicationTests_Sqlite() : SignedApplicationTests(Engine.Sqlite);

public sealed class SignedApplicationTests_PostgreSql() : SignedApplicationTests(Engine.PostgreSql);
