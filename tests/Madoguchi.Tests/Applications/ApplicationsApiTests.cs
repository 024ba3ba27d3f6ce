using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Applications;

/// <summary>The application API contract: POST /api/v1/procedures/{id}/applications and GET /api/v1/applications/{receipt}.</summary>
public abstract class ApplicationsApiTests(Engine engine) : IntegrationTest(engine)
{
    private const string RoadDamage = "douro-sonshou-tsuuhou";

    // A real 1×1 PNG.
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    private static string ValidReport(string phone = "0173-35-2111") => $$"""
        {"kind":"pothole","location":"五所川原市字布屋町41番地1の前の市道","details":"直径30センチほどの穴があります",
         "noticedOn":"2026-11-20","dangerous":true,"wantsReply":"yes",
         "contact":{"name":"五所川原 花子","kana":"ごしょがわら　はなこ","phone":"{{phone}}"},"agree":true}
        """;

    [Fact]
    public async Task AResidentsApp_Applies_AndARetryWithTheSameKeyReturnsTheSameReceipt()
    {
        var resident = await App.CreateResidentAsync();
        var client = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);

        var first = await PostAsync(client, RoadDamage, ValidReport(phone: "０１７３－３５－２１１１"), "submit-1");
        var second = await PostAsync(client, RoadDamage, ValidReport(phone: "０１７３－３５－２１１１"), "submit-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        var receipt = body["receiptNumber"]!.GetValue<string>();
        Assert.Matches(@"^20\d\d-\d{6}$", receipt);
        Assert.Equal("submitted", body["status"]!.GetValue<string>());
        Assert.Equal(1, body["formVersion"]!.GetValue<int>());
        Assert.Equal($"/api/v1/applications/{receipt}", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(receipt, JsonNode.Parse(await second.Content.ReadAsStringAsync())!["receiptNumber"]!.GetValue<string>());

        var stored = await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>().Set<Application>().AsNoTracking().ToListAsync());
        var application = Assert.Single(stored);
        Assert.Equal(ApplicationChannel.Api, application.Channel);
        Assert.Equal(resident.UserId, application.ApplicantUserId);
        var answers = JsonNode.Parse(application.Answers)!;
        Assert.Equal("0173352111", answers["contact"]!["phone"]!.GetValue<string>()); // normalised as the web form does
        Assert.Equal("ゴショガワラ　ハナコ", answers["contact"]!["kana"]!.GetValue<string>());
        Assert.Single(await AuditEventsAsync("application.submitted"));
        var mail = await App.WithServicesAsync(s => WrittenMail.AllAsync(s.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>()));
        Assert.Contains(mail, m => m["to"]!.GetValue<string>() == resident.Email && m["textBody"]!.GetValue<string>().Contains(receipt, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConcurrentSubmissions_EachGetTheirOwnReceipt_AndTheAuditTrailStaysIntact()
    {
        var client = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => PostAsync(client, RoadDamage, ValidReport(), $"surge-{i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var receipts = await Task.WhenAll(responses.Select(async r => JsonNode.Parse(await r.Content.ReadAsStringAsync())!["receiptNumber"]!.GetValue<string>()));
        Assert.Equal(24, receipts.Distinct().Count());
        var verification = await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Platform.Audit.AuditVerifier>().VerifyAsync());
        Assert.True(verification.Intact, string.Join("; ", verification.Problems));
        Assert.Equal(24, (await AuditEventsAsync("application.submitted")).Count);
    }

    [Fact]
    public async Task TheSameKeyWithADifferentBody_Is409_AndCreatesNothing()
    {
        var client = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);
        await PostAsync(client, RoadDamage, ValidReport(), "k");

        var response = await PostAsync(client, RoadDamage, ValidReport(phone: "0173-34-4334"), "k");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(await AuditEventsAsync("application.submitted"));
    }

    [Fact]
    public async Task APlace_IsAPointInDegrees_AndAnythingElseIsAnsweredAtItsPath()
    {
        var client = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);
        string With(string position) => ValidReport().Replace("\"agree\":true", $"\"agree\":true,\"position\":{position}", StringComparison.Ordinal);

        var text = await PostAsync(client, RoadDamage, With("\"布屋町\""), "place-text");
        var abroad = await PostAsync(client, RoadDamage, With("{\"lat\":51.5,\"lng\":-0.12}"), "place-abroad");
        var extra = await PostAsync(client, RoadDamage, With("{\"lat\":40.8,\"lng\":140.4,\"alt\":3}"), "place-extra");
        var point = await PostAsync(client, RoadDamage, With("{\"lat\":40.80764,\"lng\":140.44611}"), "place-point");

        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.NotNull(JsonNode.Parse(await text.Content.ReadAsStringAsync())!["errors"]!["position"]);
        Assert.Equal(HttpStatusCode.BadRequest, abroad.StatusCode);
        Assert.StartsWith("日本国内の場所を示してください", JsonNode.Parse(await abroad.Content.ReadAsStringAsync())!["errors"]!["position.lat"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, extra.StatusCode);
        Assert.Equal(HttpStatusCode.Created, point.StatusCode);
        var stored = await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Platform.Db.MadoguchiDbContext>().Set<Application>().AsNoTracking().SingleAsync());
        Assert.Equal(new Madoguchi.Features.Procedures.Forms.Position(40.80764, 140.44611), Madoguchi.Features.Procedures.Forms.Position.Of(JsonNode.Parse(stored.Answers)!["position"]));
    }

    [Fact]
    public async Task InvalidAnswers_Return400_WithJapaneseErrorsKeyedByFieldPath()
    {
        var client = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);
        var body = """
            {"kind":"earthquake","location":"五所川原市字布屋町41番地1","details":"穴があります。","noticedOn":"2026-02-30",
             "wantsReply":"yes","contact":{"name":"五所川原 花子","kana":"Hanako","phone":"12345"},"agree":true,"favouriteColour":"赤"}
            """;

        var response = await PostAsync(client, RoadDamage, body, "bad");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Contains("損傷の種類", errors["kind"]![0]!.GetValue<string>());
        Assert.Contains("フリガナ", errors["contact.kana"]![0]!.GetValue<string>());
        Assert.Contains("電話番号", errors["contact.phone"]![0]!.GetValue<string>());
        Assert.Contains("気づいた日", errors["noticedOn"]![0]!.GetValue<string>());
        Assert.Equal("この項目はこの手続の様式にありません。", errors["favouriteColour"]![0]!.GetValue<string>());
        Assert.Empty(await AuditEventsAsync("application.submitted"));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"kind\": ")]
    [InlineData("not json")]
    public async Task ABodyThatIsNotAnAnswersObject_IsAValidationProblem(string body)
    {
        var client = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);

        var response = await PostAsync(client, RoadDamage, body, "malformed");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("JSON オブジェクト", JsonNode.Parse(text)!["errors"]!["$"]![0]!.GetValue<string>());
        Assert.DoesNotContain("Exception", text);
    }

    [Fact]
    public async Task Attachments_ArriveInline_AreSniffed_AndAFileThatLiesAboutItsTypeIsRefused()
    {
        var client = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);
        var withPhoto = JsonNode.Parse(ValidReport())!.AsObject();
        withPhoto["photo"] = new JsonObject { ["name"] = "hole.png", ["contentBase64"] = PngBase64 };
        var withText = JsonNode.Parse(ValidReport())!.AsObject();
        withText["photo"] = new JsonObject { ["name"] = "hole.png", ["contentBase64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("not really a picture")) };
        var withHash = JsonNode.Parse(ValidReport())!.AsObject();
        withHash["photo"] = new JsonObject { ["sha256"] = new string('a', 64), ["name"] = "x.png", ["size"] = 10, ["contentType"] = "image/png" };

        var accepted = await PostAsync(client, RoadDamage, withPhoto.ToJsonString(), "photo-ok");
        var refused = await PostAsync(client, RoadDamage, withText.ToJsonString(), "photo-lies");
        var pointed = await PostAsync(client, RoadDamage, withHash.ToJsonString(), "photo-hash");

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var receipt = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!["receiptNumber"]!.GetValue<string>();
        var detail = JsonNode.Parse(await client.GetStringAsync($"/api/v1/applications/{receipt}"))!;
        Assert.Equal("image/png", detail["answers"]!["photo"]!["contentType"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("現地の写真", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!["photo"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, pointed.StatusCode);
        Assert.Contains("contentBase64", JsonNode.Parse(await pointed.Content.ReadAsStringAsync())!["errors"]!["photo"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task WhoMayApply_AccountLevelNeedsAResidentsToken_AndNoneLevelIsOpen()
    {
        var anonymous = App.CreateBrowser();
        var staff = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku")).UserId, "applications");
        var noScope = App.CreateBrowser();
        noScope.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "mdg_not-a-real-token");

        // 粗大ごみ needs a resident's account; a report of road damage (通報) is open to anyone.
        var withoutToken = await PostAsync(anonymous, "sodai-gomi", "{}", "a1");
        var asStaff = await PostAsync(staff, "sodai-gomi", "{}", "a2");
        var badToken = await PostAsync(noScope, "sodai-gomi", "{}", "a3");
        var guidance = await PostAsync(anonymous, "inkan-touroku", "{}", "a4");
        var needsCard = await PostAsync(anonymous, "tenshutsu-todoke", "{}", "a5");
        var unknown = await PostAsync(anonymous, "no-such-procedure", "{}", "a6");

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal("Bearer", withoutToken.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Forbidden, asStaff.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, guidance.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, needsCard.StatusCode); // the 転出届 needs the card's signature over what is sent
        Assert.Contains(Madoguchi.Features.Jpki.SignedSubmissions.HeaderName, await needsCard.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var open = await PostAsync(anonymous, RoadDamage, ValidReport(), "a7");

        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
        var body = JsonNode.Parse(await open.Content.ReadAsStringAsync())!;
        Assert.Equal(1, body["formVersion"]!.GetValue<int>());
        var receipt = body["receiptNumber"]!.GetValue<string>();
        var someone = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);
        Assert.Equal(HttpStatusCode.NotFound, (await someone.GetAsync($"/api/v1/applications/{receipt}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/applications/{receipt}")).StatusCode);
    }

    [Fact]
    public async Task Reading_IsForTheApplicantAndTheDepartmentsStaff_AnyoneElseGets404()
    {
        var resident = await App.CreateResidentAsync();
        var own = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);
        var created = await PostAsync(own, RoadDamage, ValidReport(), "read-1");
        var receipt = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["receiptNumber"]!.GetValue<string>();
        var otherResident = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);
        var roadOfficer = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku")).UserId, "cases");
        var otherOfficer = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.CaseOfficer, "zeimu")).UserId, "cases");
        var roadOfficerWithoutScope = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku")).UserId, "audit");

        var mine = await own.GetAsync($"/api/v1/applications/{receipt}");
        var staffView = await roadOfficer.GetAsync($"/api/v1/applications/{receipt}");

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var detail = JsonNode.Parse(await mine.Content.ReadAsStringAsync())!;
        Assert.Equal(RoadDamage, detail["procedureId"]!.GetValue<string>());
        Assert.Equal("道路・側溝などの損傷の通報", detail["procedureName"]!.GetValue<string>());
        Assert.Equal("api", detail["channel"]!.GetValue<string>());
        Assert.Equal("submitted", detail["history"]![0]!["to"]!.GetValue<string>());
        Assert.Equal("pothole", detail["answers"]!["kind"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, staffView.StatusCode);
        var viewed = Assert.Single(await AuditEventsAsync("application.viewed"));
        Assert.Equal(receipt, viewed.ResourceId);
        foreach (var outsider in new[] { otherResident, otherOfficer, roadOfficerWithoutScope })
        {
            var response = await outsider.GetAsync($"/api/v1/applications/{receipt}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var missing = await outsider.GetAsync("/api/v1/applications/2099-999999");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["title"]!.GetValue<string>(), JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task AResidentsToken_CannotReachStaffApis()
    {
        var resident = await App.CreateResidentAsync();
        var client = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);

        var response = await client.PostAsync("/api/v1/audit/events", new StringContent("""{"action":"x"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await Assert.ThrowsAsync<ArgumentException>(() => App.CreateApiClientAsync(resident.UserId, "cases"));
    }

    [Fact]
    public async Task AResident_MakesATokenOnTheAccountPage_SeesItOnce_AndRevokesIt()
    {
        var browser = await App.SignInAsync(await App.CreateResidentAsync());

        var invalid = await browser.PostFormAsync("/account/api-tokens?handler=create", new() { ["Input.Label"] = "", ["Input.Days"] = "7" }, formPage: "/account/api-tokens");
        var created = await browser.PostFormAsync("/account/api-tokens?handler=create", new() { ["Input.Label"] = "家計簿アプリ", ["Input.Days"] = "90" }, formPage: "/account/api-tokens");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("名前を入力してください", errors);
        Assert.Contains("有効期間を選んでください", errors);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl!.NoStore);
        var html = await created.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "value=\"(mdg_[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        Assert.DoesNotContain(token, await browser.GetStringAsync("/account/api-tokens"));

        var api = App.CreateBrowser();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(api, RoadDamage, ValidReport(), "via-page")).StatusCode);

        var tokenId = System.Text.RegularExpressions.Regex.Match(await browser.GetStringAsync("/account/api-tokens"), "name=\"tokenId\" value=\"([^\"]+)\"").Groups[1].Value;
        var revoked = await browser.PostFormAsync("/account/api-tokens?handler=revoke", new() { ["tokenId"] = tokenId }, formPage: "/account/api-tokens");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(api, RoadDamage, ValidReport(), "after-revoke")).StatusCode);
        Assert.Single(await AuditEventsAsync("api_token.revoked"));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string procedureId, string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{procedureId}/applications")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}

public sealed class ApplicationsApiTests_Sqlite() : ApplicationsApiTests(Engine.Sqlite);

public sealed class ApplicationsApiTests_PostgreSql() : ApplicationsApiTests(Engine.PostgreSql);
