using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Jpki;
using Madoguchi.Tests.Infrastructure;
using Madoguchi.Tests.Residents;

namespace Madoguchi.Tests.Counter;

/// <summary>
/// The My Number Card at the counter (issue 17): the card signs the screen's document, the signature is verified, and
/// its 基本4情報 find the person on the register; a stranger's card finds no one; a document from elsewhere, or a
/// revoked card, is refused with its reason.
/// </summary>
public abstract partial class CardIdentificationTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jpki:AcceptTestCards"] = "true" };

    [Fact]
    public async Task TheResidentsCard_FindsThemOnTheRegister_AndAStrangersCardFindsNoOne()
    {
        await TestHouseholds.KudoAsync(App);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var ca = LocalTestCa.Init(Path.Combine(Database.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        var makoto = ca.IssueCard(new CardHolder("工藤　誠", "クドウ　マコト", new DateOnly(1984, 5, 1), HolderSex.Male, "青森県五所川原市字布屋町４１番地１"), DateTimeOffset.UtcNow);
        var stranger = ca.IssueCard(new CardHolder("弘前　太郎", "ヒロサキ　タロウ", new DateOnly(1984, 5, 1), HolderSex.Male, "青森県弘前市大字上白銀町1番地1"), DateTimeOffset.UtcNow);

        var found = await IdentifyAsync(clerk, document => makoto.SignCms(document));
        var nobody = await IdentifyAsync(clerk, document => stranger.SignCms(document));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var page = WebUtility.HtmlDecode(await found.Content.ReadAsStringAsync());
        Assert.Contains("住民記録で一致した人（1人）", page);
        Assert.Contains("工藤　誠", page);
        Assert.Contains("この世帯の窓口受付を始める", page);
        Assert.Contains("一致する人がいません", WebUtility.HtmlDecode(await nobody.Content.ReadAsStringAsync()));
        Assert.Equal(2, (await AuditEventsAsync("counter.card_identified")).Count);
    }

    [Fact]
    public async Task TheCardOfSomeoneMovingIn_FindsTheirReservation()
    {
        var (receipt, _) = await TestReservations.NaritaAsync(App);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var ca = LocalTestCa.Init(Path.Combine(Database.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        var yumi = ca.IssueCard(new CardHolder("成田　由美", "ナリタ　ユミ", new DateOnly(1992, 3, 3), HolderSex.Female, "青森県弘前市大字本町1番地"), DateTimeOffset.UtcNow);

        var found = await IdentifyAsync(clerk, document => yumi.SignCms(document));

        var page = WebUtility.HtmlDecode(await found.Content.ReadAsStringAsync());
        Assert.Contains("この方の転入予約（1件）", page);
        Assert.Contains($"予約番号 {receipt}：成田　健一さんの世帯（2人）", page);
        Assert.DoesNotContain("一致する人がいません", page);
    }

    [Fact]
    public async Task ASignatureOverAnotherDocument_OrByARevokedCard_IsRefusedWithItsReason()
    {
        await TestHouseholds.KudoAsync(App);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var ca = LocalTestCa.Init(Path.Combine(Database.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        var card = ca.IssueCard(new CardHolder("工藤　誠", "クドウ　マコト", new DateOnly(1984, 5, 1), HolderSex.Male, "青森県五所川原市字布屋町41番地1"), DateTimeOffset.UtcNow);

        var elsewhere = await IdentifyAsync(clerk, _ => card.SignCms(Encoding.UTF8.GetBytes("another document")));
        ca.Revoke(card.Signature.SerialNumber, DateTimeOffset.UtcNow);
        var revoked = await IdentifyAsync(clerk, document => card.SignCms(document));

        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains("<textarea", await elsewhere.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, revoked.StatusCode);
        Assert.Contains("電子証明書が失効しています", WebUtility.HtmlDecode(await revoked.Content.ReadAsStringAsync()));
        Assert.Equal(2, (await AuditEventsAsync("counter.card_refused")).Count);
    }

    private static async Task<HttpResponseMessage> IdentifyAsync(HttpClient clerk, Func<byte[], byte[]> sign)
    {
        var page = await clerk.GetStringAsync("/staff/counter/card");
        var document = WebUtility.HtmlDecode(Document().Match(page).Groups[1].Value);
        return await clerk.PostFormAsync("/staff/counter/card", new()
        {
            ["Token"] = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value),
            ["Signature"] = Convert.ToBase64String(sign(Encoding.UTF8.GetBytes(document))),
        }, "/staff/counter/card");
    }

    [GeneratedRegex("<pre class=\"break-all\">([^<]*)</pre>")]
    private static partial Regex Document();

    [GeneratedRegex("name=\"Token\" value=\"([^\"]*)\"")]
    private static partial Regex Token();
}

public sealed class CardIdentificationTests_Sqlite() : CardIdentificationTests(Engine.Sqlite);

public sealed class CardIdentificationTests_PostgreSql() : CardIdentificationTests(Engine.PostgreSql);
