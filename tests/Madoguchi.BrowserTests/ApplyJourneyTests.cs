using Madoguchi.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ApplyJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Resident_ReportsRoadDamage_OnAPhone_WithoutJavaScript_AndEveryPageIsAccessible()
    {
        const string password = "tsugaru shamisen festival";
        var email = await NewResidentAsync(password);

        var page = await fixture.NewPageAsync(javaScript: false, width: 360, height: 740);
        var axe = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync("/procedures/douro-sonshou-tsuuhou");
        await page.GetByRole(AriaRole.Link, new() { Name = "オンラインで申請する" }).ClickAsync();
        // A report needs no account; a resident who has one signs in from the first screen.
        Assert.EndsWith("/procedures/douro-sonshou-tsuuhou/apply", page.Url);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "サインインして申請する" }).ClickAsync();
        Assert.Contains("/signin", page.Url);
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        Assert.EndsWith("/procedures/douro-sonshou-tsuuhou/apply", page.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);

        await page.GetByLabel("道路の穴・くぼみ").CheckAsync();
        await page.GetByLabel("場所", new() { Exact = true }).FillAsync("五所川原市字布屋町41番地1の前の市道");
        await page.GetByLabel("状況").FillAsync("直径30センチほどの穴があります");
        await page.GetByLabel("元号").SelectOptionAsync(new SelectOptionValue { Label = "令和" });
        await page.GetByLabel("年", new() { Exact = true }).FillAsync("8");
        await page.GetByLabel("月", new() { Exact = true }).FillAsync("11");
        await page.GetByLabel("日", new() { Exact = true }).FillAsync("20");
        // Without script the place on the map is two boxes, typed as people type (full-width digits too).
        await page.GetByLabel("緯度").FillAsync("４０.８０７６４");
        await page.GetByLabel("経度").FillAsync("140.44611");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.EndsWith("/step/1", page.Url);

        await page.GetByLabel("連絡は不要").CheckAsync();
        await page.GetByLabel("通報の内容を市が道路の管理に使うことに同意します").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.EndsWith("/check", page.Url);
        Assert.Contains("北緯40.807640度、東経140.446110度", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);

        await page.GetByLabel("上記の内容に間違いありません").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "この内容で申請する" }).ClickAsync();
        Assert.EndsWith("/submitted", page.Url);
        Assert.Matches(@"^20\d\d-\d{6}$", await page.InnerTextAsync(".receipt-number"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);

        Assert.Contains("これからの流れ", await page.InnerTextAsync("main"));
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "申請の状況を見る（マイページ）" }).ClickAsync();
        Assert.EndsWith("/account/applications", page.Url);
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);
        await page.GetByRole(AriaRole.Link, new() { Name = "この申請を取り下げる" }).ClickAsync();
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を取り下げる" }).ClickAsync();
        Assert.Contains("取り下げました", await page.InnerTextAsync("main"));
    }

    [Fact]
    public async Task RepeatedGroupsSelectsAndFileQuestions_AreAccessible()
    {
        const string password = "kanagi sakura festival";
        var email = await NewResidentAsync(password);

        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync("/signin");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await page.GotoAsync("/procedures/kokuho-dattai/apply");
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
        var step0 = page.Url;

        foreach (var step in new[] { "/step/1", "/step/2" })
        {
            await page.GotoAsync(step0.Replace("/step/0", step, StringComparison.Ordinal));
            await Accessibility.AssertNoViolationsAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
            Assert.StartsWith("エラー: ", await page.TitleAsync());
            await Accessibility.AssertNoViolationsAsync(page);
        }

        await page.GotoAsync(step0.Replace("/step/0", "/step/1", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "脱退する人を追加する" }).ClickAsync();
        Assert.Equal(1, await page.GetByRole(AriaRole.Group, new() { Name = "脱退する人 2" }).CountAsync());
    }

    [Fact]
    public async Task EveryStepOfEveryOnlineForm_IsAccessible_WithAndWithoutErrors()
    {
        var email = $"resident-{Guid.NewGuid():N}@example.jp";
        const string password = "juusan lake shijimi";
        List<(string Id, int Steps)> forms;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MadoguchiUser>>();
            await users.CreateAsync(new MadoguchiUser { UserName = email, Email = email, EmailConfirmed = true, Kind = AccountKind.Citizen, CreatedAt = DateTime.UtcNow }, password);
            forms = (await scope.ServiceProvider.GetRequiredService<Madoguchi.Features.Procedures.Catalog.ProcedureCatalog>().AllAsync())
                // Those that need a card sign-in first are walked in the card journeys; this resident signed in with a password.
                .Where(p => p.Definition.CanApplyHere && !p.Definition.NeedsCardSignIn).Select(p => (p.Definition.Id, p.Form!.Steps.Count)).ToList();
        }

        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync("/signin");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        foreach (var (id, steps) in forms)
        {
            await page.GotoAsync($"/procedures/{id}");
            await Accessibility.AssertNoViolationsAsync(page);
            await page.GotoAsync($"/procedures/{id}/apply");
            await page.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
            var step0 = page.Url;
            for (var i = 0; i < steps; i++)
            {
                await page.GotoAsync(step0.Replace("/step/0", $"/step/{i}", StringComparison.Ordinal));
                await Accessibility.AssertNoViolationsAsync(page);
                await page.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
                Assert.StartsWith("エラー: ", await page.TitleAsync());
                await Accessibility.AssertNoViolationsAsync(page);
            }
        }
    }

    [Fact]
    public async Task ApplyingWithoutAnAccount_StartSaveAndResumePages_AreAccessible()
    {
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync("/procedures/kouza-moushikomi/apply");
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("メールアドレス").FillAsync($"visitor-{Guid.NewGuid():N}@example.jp");
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
        Assert.EndsWith("/step/0", page.Url);
        await page.GetByLabel("はじめてのスマートフォン教室（中央公民館）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存してあとで続ける" }).ClickAsync();
        Assert.EndsWith("/saved?mail=sent", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "このまま続ける" }).ClickAsync();
        Assert.True(await page.GetByLabel("はじめてのスマートフォン教室（中央公民館）").IsCheckedAsync());

        // Saving again before the mailed link is opened sends no second mail, and says where the link is.
        await page.GetByRole(AriaRole.Button, new() { Name = "保存してあとで続ける" }).ClickAsync();
        Assert.EndsWith("/saved?mail=waiting", page.Url);
        Assert.Contains("前回お送りしたメール", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-saved-waiting-phone.png"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = "このまま続ける" }).ClickAsync();

        var draft = page.Url.Split('/')[^3];
        await page.GotoAsync($"/applications/drafts/{draft}/resume?token=not-a-real-token");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "続きを入力する" }).ClickAsync();
        Assert.Contains("このリンクは使えません", await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task APlace_IsMarkedOnTheMap_WithScript_FillingTheBoxes_AndAWrongBoxIsAnsweredBesideIt()
    {
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync("/procedures/douro-sonshou-tsuuhou/apply");
        await page.GetByLabel("メールアドレス").FillAsync($"walker-{Guid.NewGuid():N}@example.jp");
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
        Assert.EndsWith("/step/0", page.Url);

        var map = page.Locator(".map-picker");
        await map.WaitForAsync(new() { State = WaitForSelectorState.Visible }); // the deferred script shows it
        await map.ClickAsync(); // the middle of the map, which opens on the city hall
        var latitude = double.Parse(await page.GetByLabel("緯度").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var longitude = double.Parse(await page.GetByLabel("経度").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(latitude, 40.80, 40.82);
        Assert.InRange(longitude, 140.43, 140.46);
        Assert.Contains("地図に印を付け", await page.InnerTextAsync("[data-map-status]"));
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-place-map-phone.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "印を消す" }).ClickAsync();
        Assert.Equal(string.Empty, await page.GetByLabel("緯度").InputValueAsync());
        await page.GetByLabel("緯度").FillAsync("40.8");
        await page.GetByLabel("道路の穴・くぼみ").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.Contains("緯度と経度は、両方を数字で入力してください", await page.Locator(".error-summary").InnerTextAsync());
        Assert.Equal("40.8", await page.GetByLabel("緯度").InputValueAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task AConditionalQuestion_AppearsAtOnce_WhenItsAnswerIsChosen_WithScript()
    {
        const string password = "kanagi station morning";
        var email = await NewResidentAsync(password);
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync("/signin?returnUrl=%2Fprocedures%2Fdouro-sonshou-tsuuhou%2Fapply");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
        await page.GotoAsync(page.Url.Replace("/step/0", "/step/1", StringComparison.Ordinal));
        var url = page.Url;

        Assert.False(await page.GetByLabel("電話番号").IsVisibleAsync());
        await page.GetByLabel("連絡を希望する").CheckAsync();
        Assert.True(await page.GetByLabel("電話番号").IsVisibleAsync());
        Assert.Equal(url, page.Url); // no round trip
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-conditional-phone.png"), FullPage = true });
        await page.GetByLabel("連絡は不要").CheckAsync();
        Assert.False(await page.GetByLabel("電話番号").IsVisibleAsync());
    }

    [Fact]
    public async Task WhenTheCityIsBusy_TheResidentSeesABusyPage_ThatKeepsTheirAnswers_AndIsAccessible()
    {
        const string password = "tsugaru shamisen festival";
        var email = await NewResidentAsync(password);

        var page = await fixture.NewPageAsync(javaScript: false, width: 360, height: 740);
        var axe = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync("/signin?returnUrl=%2Fprocedures%2Fdouro-sonshou-tsuuhou%2Fapply");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
        await page.GetByLabel("道路の穴・くぼみ").CheckAsync();
        await page.GetByLabel("場所", new() { Exact = true }).FillAsync("五所川原市字布屋町41番地1の前の市道");
        await page.GetByLabel("状況").FillAsync("直径30センチほどの穴があります");
        await page.GetByLabel("元号").SelectOptionAsync(new SelectOptionValue { Label = "令和" });
        await page.GetByLabel("年", new() { Exact = true }).FillAsync("8");
        await page.GetByLabel("月", new() { Exact = true }).FillAsync("11");
        await page.GetByLabel("日", new() { Exact = true }).FillAsync("20");

        // Every place and every queue place of the instance taken, as in a surge.
        var gate = fixture.Services.GetRequiredService<Madoguchi.Platform.Load.SubmissionGate>();
        var held = new List<System.Threading.RateLimiting.RateLimitLease>();
        for (var i = 0; i < gate.Options.Concurrency; i++)
        {
            held.Add(await gate.EnterAsync(CancellationToken.None));
        }

        var queued = Enumerable.Range(0, gate.Options.Queue).Select(_ => gate.EnterAsync(CancellationToken.None).AsTask()).ToList();
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
            Assert.StartsWith("ただいま混み合っています", await page.TitleAsync());
            Assert.Contains("入力した内容はこのページに残っています", await page.InnerTextAsync("main"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-busy-phone.png"), FullPage = true });
            await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, page);
            await page.SetViewportSizeAsync(1280, 800);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-busy-desktop.png"), FullPage = true });
        }
        finally
        {
            held.ForEach(lease => lease.Dispose());
            foreach (var waiting in queued)
            {
                (await waiting).Dispose();
            }
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "もう一度送る" }).ClickAsync();
        Assert.EndsWith("/step/1", page.Url);
        await page.GotoAsync(page.Url.Replace("/step/1", "/step/0", StringComparison.Ordinal));
        Assert.Equal("五所川原市字布屋町41番地1の前の市道", await page.GetByLabel("場所", new() { Exact = true }).InputValueAsync());
    }

    /// <summary>A resident account with a confirmed address, made as registration would leave it; returns its address.</summary>
    private async Task<string> NewResidentAsync(string password)
    {
        var email = $"resident-{Guid.NewGuid():N}@example.jp";
        await using var scope = fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MadoguchiUser>>();
        var created = await users.CreateAsync(new MadoguchiUser { UserName = email, Email = email, EmailConfirmed = true, Kind = AccountKind.Citizen, CreatedAt = DateTime.UtcNow }, password);
        Assert.True(created.Succeeded);
        return email;
    }
}
