using System.Globalization;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>
/// Issue 17's journey: a family reserves its 転入 visit from a phone; on the day a clerk opens the prepared visit, asks
/// what is left, prints one sheet, and the family signs it; the 課 see the applications in their inbox.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MovingInJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AFamilyReservesFromAPhone_AndAtTheCounterWritesNothingButASignature()
    {
        const string password = "ashino lake boat";
        var email = $"resident-{Guid.NewGuid():N}@example.jp";
        BusinessCalendar calendar;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MadoguchiUser>>();
            Assert.True((await users.CreateAsync(new MadoguchiUser { UserName = email, Email = email, EmailConfirmed = true, Kind = AccountKind.Citizen, CreatedAt = DateTime.UtcNow }, password)).Succeeded);
            calendar = scope.ServiceProvider.GetRequiredService<BusinessCalendar>();
        }

        var today = JapanTime.Today(TimeProvider.System);
        var moved = today.AddDays(-3);
        var closed = Enumerable.Range(1, 10).Select(today.AddDays).First(d => !calendar.IsBusinessDay(d));
        var visitDay = Enumerable.Range(1, 10).Select(today.AddDays).First(calendar.IsBusinessDay);

        // The resident, on a phone.
        var phone = await fixture.NewPageAsync(width: 360, height: 740);
        await phone.GotoAsync("/signin");
        await phone.GetByLabel("メールアドレス").FillAsync(email);
        await phone.GetByLabel("パスワード").FillAsync(password);
        await phone.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await phone.GotoAsync("/procedures/tennyu-yoyaku/apply");
        await phone.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();

        await phone.GetByLabel("氏名", new() { Exact = true }).FillAsync("三上　大輔");
        await phone.GetByLabel("フリガナ", new() { Exact = true }).FillAsync("みかみ　だいすけ"); // hiragana, as people type
        await DateAsync(phone.GetByRole(AriaRole.Group, new() { Name = "生年月日" }), new DateOnly(1988, 7, 7));
        await phone.GetByLabel("今の住所（引越し前の住所）").FillAsync("青森県青森市長島一丁目1番1号");
        await phone.GetByLabel("電話番号").FillAsync("090-1111-2222");
        await Next(phone);

        var first = phone.GetByRole(AriaRole.Group, new() { Name = "引っ越してくる人 1" });
        await first.GetByLabel("氏名", new() { Exact = true }).FillAsync("三上　大輔");
        await first.GetByLabel("フリガナ", new() { Exact = true }).FillAsync("ミカミ　ダイスケ");
        await DateAsync(first.GetByRole(AriaRole.Group, new() { Name = "生年月日" }), new DateOnly(1988, 7, 7));
        await first.GetByRole(AriaRole.Group, new() { Name = "性別" }).GetByLabel("男").CheckAsync();
        await first.GetByLabel("世帯主との続柄").FillAsync("世帯主");
        await first.GetByRole(AriaRole.Group, new() { Name = "勤務先の健康保険・厚生年金に加入していますか" }).GetByLabel("はい").CheckAsync();
        await first.GetByRole(AriaRole.Group, new() { Name = "前の住所地で要介護・要支援の認定を受けていましたか" }).GetByLabel("いいえ").CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "引っ越してくる人を追加する" }).ClickAsync();
        var second = phone.GetByRole(AriaRole.Group, new() { Name = "引っ越してくる人 2" });
        await second.GetByLabel("氏名", new() { Exact = true }).FillAsync("三上　さくら");
        await second.GetByLabel("フリガナ", new() { Exact = true }).FillAsync("ミカミ　サクラ");
        await DateAsync(second.GetByRole(AriaRole.Group, new() { Name = "生年月日" }), new DateOnly(2019, 4, 10));
        await second.GetByRole(AriaRole.Group, new() { Name = "性別" }).GetByLabel("女").CheckAsync();
        await second.GetByLabel("世帯主との続柄").FillAsync("子");
        await second.GetByRole(AriaRole.Group, new() { Name = "勤務先の健康保険・厚生年金に加入していますか" }).GetByLabel("はい").CheckAsync();
        await second.GetByRole(AriaRole.Group, new() { Name = "前の住所地で要介護・要支援の認定を受けていましたか" }).GetByLabel("いいえ").CheckAsync();
        await Next(phone);

        await phone.GetByLabel("新しい住所", new() { Exact = true }).FillAsync("青森県五所川原市字布屋町41番地1");
        await Next(phone);

        // A visit on a day the office is closed is answered beside the date; what was typed stays.
        await DateAsync(phone.GetByRole(AriaRole.Group, new() { Name = "引越しの日（予定日）" }), moved);
        await DateAsync(phone.GetByRole(AriaRole.Group, new() { Name = "市民課の窓口に来る日" }), closed);
        await phone.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.Contains("開庁日", await phone.Locator(".error-summary").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(phone);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-tennyu-yoyaku-dates-phone.png"), FullPage = true });
        await DateAsync(phone.GetByRole(AriaRole.Group, new() { Name = "市民課の窓口に来る日" }), visitDay);
        await Next(phone);

        await phone.GetByRole(AriaRole.Group, new() { Name = "保育所・認定こども園の利用を希望しますか" }).GetByLabel("いいえ").CheckAsync();
        await phone.GetByRole(AriaRole.Group, new() { Name = "犬を飼っていますか" }).GetByLabel("いいえ").CheckAsync();
        await phone.GetByLabel("届出の内容に誤りがないことを確認しました").CheckAsync();
        await Next(phone);
        Assert.EndsWith("/check", phone.Url);
        await phone.GetByLabel("上記の内容に間違いありません").CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "この内容で申請する" }).ClickAsync();
        var receipt = (await phone.InnerTextAsync(".receipt-number")).Trim();
        await Accessibility.AssertNoViolationsAsync(phone);

        // The clerk, on the day.
        var desk = await fixture.NewPageAsync(width: 1366, height: 900);
        await StaffSignIn.AsAsync(desk, "clerk@demo.madoguchi.example");
        await desk.GotoAsync($"/staff/counter/arrivals?on={visitDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        await Accessibility.AssertNoViolationsAsync(desk);
        Assert.Contains(receipt, await desk.Locator("main").InnerTextAsync());
        await desk.GetByRole(AriaRole.Button, new() { Name = "三上　大輔さんの世帯の受付を始める" }).ClickAsync();
        Assert.EndsWith("/forms", desk.Url);
        var notice = desk.Locator("section[aria-labelledby=tennyu_todoke]");
        Assert.Equal("三上　さくら", await notice.GetByRole(AriaRole.Group, new() { Name = "転入する人 2" }).GetByLabel("氏名", new() { Exact = true }).InputValueAsync());
        Assert.Equal("青森県青森市長島一丁目1番1号", await notice.GetByLabel("前の住所").InputValueAsync());
        await Accessibility.AssertNoViolationsAsync(desk);

        // What the reservation did not say, the clerk asks.
        await notice.GetByLabel("電話番号").FillAsync("090-1111-2222");
        await notice.GetByRole(AriaRole.Group, new() { Name = "転出の証明" }).GetByLabel("マイナンバーカードで転出届を出した（転出証明書情報が届いている）").CheckAsync();
        await FillChildAllowanceAndWaterAsync(desk);
        await desk.GetByRole(AriaRole.Button, new() { Name = "保存して確認票へ" }).ClickAsync();
        Assert.Contains("保存しました", await desk.Locator("main").InnerTextAsync());
        Assert.Contains("なし（確認票への署名のみ）", await desk.Locator("main").InnerTextAsync());
        await desk.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-counter-arrival-forms.png"), FullPage = true });
        var sheet = await desk.APIRequest.GetAsync(await desk.GetByRole(AriaRole.Link, new() { Name = "確認票を印刷する（PDF）" }).GetAttributeAsync("href") ?? string.Empty);
        Assert.Equal("application/pdf", sheet.Headers["content-type"]);
        await desk.GetByLabel("ご本人が確認票の内容を確かめ、署名しました").CheckAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "受け付ける" }).ClickAsync();
        var done = await desk.Locator("main").InnerTextAsync();
        Assert.Contains("件の申請を受け付けました", done);
        Assert.Contains("転入届", done);
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-counter-arrival-done.png"), FullPage = true });

        // The household is not waited for again.
        await desk.GotoAsync($"/staff/counter/arrivals?on={visitDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        Assert.DoesNotContain(receipt, await desk.Locator("main").InnerTextAsync());
    }

    /// <summary>児童手当 and 子ども医療費 (さくら is under 18) and the water: the questions the register cannot answer.</summary>
    private static async Task FillChildAllowanceAndWaterAsync(IPage page)
    {
        var allowance = page.Locator("section[aria-labelledby=jidou_teate_nintei]");
        await allowance.GetByLabel("電話番号").FillAsync("090-1111-2222");
        await allowance.GetByRole(AriaRole.Group, new() { Name = "子どもとの続柄" }).GetByLabel("父", new() { Exact = true }).CheckAsync();
        await BankAsync(allowance);
        var medical = page.Locator("section[aria-labelledby=kodomo_iryouhi]");
        await medical.GetByLabel("電話番号").FillAsync("090-1111-2222");
        await medical.GetByRole(AriaRole.Group, new() { Name = "子どもとの続柄" }).GetByLabel("父", new() { Exact = true }).CheckAsync();
        await medical.GetByRole(AriaRole.Group, new() { Name = "申請の理由" }).GetByLabel("転入").CheckAsync();
        await medical.GetByRole(AriaRole.Group, new() { Name = "子どもが加入している健康保険" }).GetByLabel("会社の健康保険・共済組合").CheckAsync();
        await medical.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "hokensho.png", MimeType = "image/png", Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=") });
        await BankAsync(medical);
        var water = page.Locator("section[aria-labelledby=suidou_kaishi_chushi]");
        await water.GetByRole(AriaRole.Group, new() { Name = "届出の種類" }).GetByLabel("使用開始").CheckAsync();
        await water.GetByRole(AriaRole.Group, new() { Name = "料金の支払方法" }).GetByLabel("納付書（コンビニ・金融機関）").CheckAsync();
        await water.GetByLabel("電話番号").FillAsync("090-1111-2222");
    }

    private static async Task BankAsync(ILocator section)
    {
        await section.GetByLabel("金融機関コード").FillAsync("0117");
        await section.GetByLabel("支店コード").FillAsync("101");
        await section.GetByLabel("普通").CheckAsync();
        await section.GetByLabel("口座番号").FillAsync("1234567");
        await section.GetByLabel("口座名義（カナ）").FillAsync("ミカミ　ダイスケ");
    }

    private static async Task DateAsync(ILocator group, DateOnly date)
    {
        await group.GetByLabel("元号").SelectOptionAsync(new SelectOptionValue { Label = "西暦" });
        await group.GetByLabel("年", new() { Exact = true }).FillAsync(date.Year.ToString(CultureInfo.InvariantCulture));
        await group.GetByLabel("月", new() { Exact = true }).FillAsync(date.Month.ToString(CultureInfo.InvariantCulture));
        await group.GetByLabel("日", new() { Exact = true }).FillAsync(date.Day.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task Next(IPage page)
    {
        var before = page.Url;
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.NotEqual(before, page.Url);
    }
}
