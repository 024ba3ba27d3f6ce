using Microsoft.Playwright;

namespace Madoguchi.BrowserTests;

/// <summary>
/// A 担当職員 who has never seen the builder makes a new procedure on a phone, without script: starts it from a blank
/// page, is told what to put right next to each field, saves it and asks for it to be checked; the DX office publishes
/// it at desktop width; residents find it. With axe at every step; screenshots looked at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BuilderJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AnOfficerBuildsAProcedure_AndTheDxOfficePublishesIt()
    {
        var id = $"maigo-fuda-{Guid.NewGuid().ToString("N")[..6]}";
        var officer = await fixture.NewPageAsync(javaScript: false, width: 390, height: 844);
        var axe = await fixture.NewPageAsync(width: 390, height: 844);
        await StaffSignIn.AsAsync(officer, "officer@demo.madoguchi.example");
        await officer.GotoAsync("/staff");
        await officer.GetByRole(AriaRole.Link, new() { Name = "手続きの作成・変更" }).ClickAsync();
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);

        await officer.GetByLabel("手続きのID").First.FillAsync(id);
        await officer.GetByLabel("手続きの名前").First.FillAsync("ペットの迷子札の配布");
        await officer.GetByRole(AriaRole.Button, new() { Name = "作り始める" }).ClickAsync();
        Assert.Contains("公開の前に直すこと", await officer.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);

        await officer.GetByLabel("よみ（ひらがな）").FillAsync("ペット ノ マイゴフダ ノ ハイフ");
        await officer.Locator("#Description").FillAsync("短い");
        await officer.Locator("#WhoSelf").FillAsync("市内で犬や猫を飼っている方");
        await officer.GetByLabel("決まった額").CheckAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        var refused = await officer.InnerTextAsync("main");
        Assert.Contains("説明を10文字以上", refused);
        Assert.Contains("手数料の額を1円から100万円まで", refused);
        Assert.Equal("市内で犬や猫を飼っている方", await officer.Locator("#WhoSelf").InputValueAsync()); // kept
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);

        await officer.Locator("#Description").FillAsync("飼い犬・飼い猫が迷子になったときに連絡先がわかる迷子札を、市役所の窓口で無料で配ります。");
        await officer.GetByLabel("なし", new() { Exact = true }).CheckAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        Assert.Contains("保存しました", await officer.InnerTextAsync("main"));
        Assert.Contains("直すことはありません", await officer.InnerTextAsync("main"));
        await officer.GetByRole(AriaRole.Button, new() { Name = "確認を依頼する" }).ClickAsync();
        Assert.Contains("確認を依頼しました", await officer.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-builder-draft-390.png"), FullPage = true });
        var draft = officer.Url.Split('?')[0];

        var office = await fixture.NewPageAsync(javaScript: false);
        await StaffSignIn.AsAsync(office, "dx@demo.madoguchi.example");
        await office.GotoAsync(draft);
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, office);
        await office.GetByRole(AriaRole.Button, new() { Name = "承認して公開する" }).ClickAsync();
        Assert.Contains("承認して公開しました", await office.InnerTextAsync("main"));
        await office.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-builder-published-1280.png"), FullPage = true });

        await officer.GotoAsync($"/procedures/{id}");
        Assert.Contains("ペットの迷子札の配布", await officer.InnerTextAsync("main"));

        // The template library: the demo city has adopted all of it; the officer finds one by its よみ typed in katakana.
        await officer.GotoAsync("/staff/builder");
        await officer.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^雛形から作る") }).ClickAsync();
        await officer.GetByLabel("手続きの名前やよみで探す").FillAsync("フザイシャ");
        await officer.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();
        Assert.Contains("不在者投票用紙等の請求", await officer.InnerTextAsync("main"));
        Assert.Contains("採用済み", await officer.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-builder-templates-390.png"), FullPage = true });

        // The stock of tags runs out: the officer stops the procedure on the phone, by keyboard, with a reason.
        await officer.GotoAsync("/staff/builder");
        await officer.GetByRole(AriaRole.Link, new() { Name = "ペットの迷子札の配布", Exact = true }).ClickAsync();
        Assert.Contains("新しい手続きです", await officer.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.GetByRole(AriaRole.Button, new() { Name = "公開の状態を変える" }).ClickAsync();
        Assert.Contains("公開の状態をどう変えるかを選んでください", await officer.InnerTextAsync("main")); // nothing chosen: told, next to the choices
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.GetByLabel("公開を停止する（一時的に受け付けない）").FocusAsync();
        await officer.Keyboard.PressAsync("Space");
        await officer.GetByLabel("理由").FillAsync("迷子札の在庫がなくなったため（1月に再入荷）");
        await officer.GetByLabel("理由").PressAsync("Tab");
        await officer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync("公開を停止しました");
        Assert.Contains("迷子札の在庫がなくなったため", await officer.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-builder-versions-390.png"), FullPage = true });

        var resident = await fixture.NewPageAsync(javaScript: false, width: 390, height: 844);
        await resident.GotoAsync($"/procedures/{id}");
        Assert.Contains("現在受け付けを停止しています", await resident.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, resident);
        await resident.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-procedure-paused-390.png"), FullPage = true });

        await officer.GetByLabel("公開を再開する").CheckAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "公開の状態を変える" }).ClickAsync();
        Assert.Contains("公開を再開しました", await officer.InnerTextAsync("main"));
        await resident.ReloadAsync();
        Assert.DoesNotContain("停止", await resident.InnerTextAsync("main"));
    }

    /// <summary>
    /// The issue's "done when": an officer new to the tool builds, on a phone and without script, a form in three steps
    /// with a repeated group, a condition and a fee; a colleague publishes it; a resident completes it on a phone and
    /// pays; the officer takes it up in the back office. Nothing is written in a file.
    /// </summary>
    [Fact]
    public async Task AThreeStepFormWithAGroupAConditionAndAFee_IsBuiltOnAPhone_AppliedFor_AndProcessed()
    {
        var id = $"bihin-kashidashi-{Guid.NewGuid().ToString("N")[..6]}";
        var officer = await fixture.NewPageAsync(javaScript: false, width: 390, height: 844);
        var axe = await fixture.NewPageAsync(width: 390, height: 844);
        await StaffSignIn.AsAsync(officer, "officer@demo.madoguchi.example");
        await officer.GotoAsync("/staff/builder");
        await officer.GetByLabel("手続きのID").First.FillAsync(id);
        await officer.GetByLabel("手続きの名前").First.FillAsync("町内会への備品の貸し出し");
        await officer.GetByRole(AriaRole.Button, new() { Name = "作り始める" }).ClickAsync();
        await officer.GetByLabel("よみ（ひらがな）").FillAsync("ちょうないかい への びひん の かしだし");
        await officer.Locator("#Description").FillAsync("町内会の行事に、市のテントやいすを貸し出します。使う日の2週間前までに申し込んでください。");
        await officer.Locator("#WhoSelf").FillAsync("市内の町内会・自治会");
        await officer.GetByLabel("決まった額").CheckAsync();
        await officer.Locator("#FeeAmount").FillAsync("３００");
        await officer.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        Assert.Contains("保存しました", await officer.InnerTextAsync("main"));
        var draft = officer.Url.Split('?')[0];

        await officer.GetByRole(AriaRole.Link, new() { Name = "質問を編集する" }).ClickAsync();
        Assert.Contains("まだ質問はありません", await officer.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);

        async Task AddAsync(string type, string label, string? place = null)
        {
            await officer.GotoAsync(draft + "/form");
            await officer.Locator("#NewWidget").SelectOptionAsync(new SelectOptionValue { Label = type });
            await officer.Locator("#NewLabel").FillAsync(label);
            if (place is not null)
            {
                await officer.Locator("#NewPlace").SelectOptionAsync(new SelectOptionValue { Label = place });
            }

            await officer.GetByRole(AriaRole.Button, new() { Name = "質問を追加する" }).ClickAsync();
            Assert.Contains("質問を追加しました", await officer.InnerTextAsync("main"));
        }

        async Task SaveAsync()
        {
            await officer.GetByRole(AriaRole.Button, new() { Name = "設定を保存する" }).ClickAsync();
            Assert.Contains("保存しました", await officer.InnerTextAsync("main"));
        }

        await AddAsync("氏名", "代表者の氏名");
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.Locator("#Required").CheckAsync();
        await officer.Locator("#Prefill").SelectOptionAsync(new SelectOptionValue { Label = "本人の氏名" });
        await SaveAsync();
        foreach (var title in new[] { "借りたい物", "受け取り" })
        {
            await officer.Locator("#StepTitle").FillAsync(title);
            await officer.GetByRole(AriaRole.Button, new() { Name = "ステップを追加する" }).ClickAsync();
        }

        await AddAsync("くり返しのグループ（子ども・品物など）", "借りたい物品", "ステップ2: 借りたい物（最後に追加）");
        await officer.Locator("#Required").CheckAsync();
        await officer.Locator("#ItemLabel").FillAsync("物品");
        await officer.Locator("#MaxItems").FillAsync("3");
        await SaveAsync();
        await AddAsync("選択肢から一つ（一覧）", "物品の種類", "くり返しのグループ「借りたい物品」の中");
        await officer.Locator("#Required").CheckAsync();
        await officer.Locator("#Options").FillAsync("テント\nいす\nその他");
        await SaveAsync();
        await AddAsync("1行の文章", "その他の物品の名前", "くり返しのグループ「借りたい物品」の中");
        await officer.Locator("#Required").CheckAsync();
        await officer.Locator("#ConditionKey").SelectOptionAsync(new SelectOptionValue { Label = "物品の種類" });
        await officer.Locator("#ConditionValue").FillAsync("机");
        await officer.GetByRole(AriaRole.Button, new() { Name = "設定を保存する" }).ClickAsync();
        Assert.Contains("テント、いす、その他", await officer.Locator(".error-summary").InnerTextAsync()); // told what it may be
        Assert.Equal("その他の物品の名前", await officer.Locator("#Label").InputValueAsync()); // kept
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-builder-question-390.png"), FullPage = true });
        await officer.Locator("#ConditionValue").FillAsync("その他");
        await SaveAsync();
        await AddAsync("選択肢から一つ（ボタン）", "受け取り方法", "ステップ3: 受け取り（最後に追加）");
        await officer.Locator("#Required").CheckAsync();
        await officer.Locator("#Options").FillAsync("市役所で受け取る\n配達を希望する");
        await SaveAsync();
        await AddAsync("複数行の文章", "配達先の住所", "ステップ3: 受け取り（最後に追加）");
        await officer.Locator("#Required").CheckAsync();
        await officer.Locator("#ConditionKey").SelectOptionAsync(new SelectOptionValue { Label = "受け取り方法" });
        await officer.Locator("#ConditionValue").FillAsync("配達を希望する");
        await SaveAsync();
        var list = await officer.InnerTextAsync("main");
        Assert.Contains("「物品の種類」が「その他」のときだけ表示", list);
        Assert.Contains("「受け取り方法」が「配達を希望する」のときだけ表示", list);
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-builder-form-390.png"), FullPage = true });

        // Reordered with the keyboard alone: past the end of step 1 into step 2, and back.
        await officer.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^下へ\\s*（代表者の氏名）$") }).FocusAsync();
        await officer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(officer.Locator("section", new() { Has = officer.GetByRole(AriaRole.Heading, new() { Name = "ステップ2: 借りたい物" }) })).ToContainTextAsync("代表者の氏名");
        Assert.Contains("並べかえました", await officer.InnerTextAsync("main"));
        await officer.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^上へ\\s*（代表者の氏名）$") }).FocusAsync();
        await officer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(officer.Locator("section", new() { Has = officer.GetByRole(AriaRole.Heading, new() { Name = "ステップ1: 入力" }) })).ToContainTextAsync("代表者の氏名");

        // Tried as a resident first, in the preview: at a phone's width, with the resident's checks, to the sandbox.
        await officer.GetByRole(AriaRole.Link, new() { Name = "住民の画面で試す（プレビュー）" }).ClickAsync();
        Assert.Contains("ステップ 1 / 3", await officer.InnerTextAsync("main"));
        await officer.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.Contains("代表者の氏名を入力してください", await officer.Locator(".error-summary").InnerTextAsync());
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.GetByLabel("代表者の氏名").FillAsync("試し 一郎");
        await officer.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        await officer.GetByLabel("物品の種類").SelectOptionAsync(new SelectOptionValue { Label = "いす" });
        await officer.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        await officer.GetByLabel("市役所で受け取る").CheckAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.Contains("手数料は300円です", await officer.InnerTextAsync("main"));
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-builder-preview-390.png"), FullPage = true });
        await officer.GetByRole(AriaRole.Button, new() { Name = "テスト送信する" }).ClickAsync();
        Assert.Contains("テスト送信しました", await officer.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        // The preview's own accessibility check (with script): the same engine and rules as these tests.
        await axe.GotoAsync(draft + "/preview");
        await axe.GetByRole(AriaRole.Button, new() { Name = "この画面のアクセシビリティを確かめる" }).ClickAsync();
        await Assertions.Expect(axe.Locator("[data-preview-check] [role=status]")).ToContainTextAsync("見つかりませんでした");
        await officer.GetByRole(AriaRole.Link, new() { Name = "パソコンの幅で見る" }).ClickAsync();
        await officer.SetViewportSizeAsync(1280, 900);
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-builder-preview-1280.png"), FullPage = true });
        await officer.SetViewportSizeAsync(390, 844);

        await officer.GotoAsync(draft);
        Assert.Contains("直すことはありません", await officer.InnerTextAsync("main"));
        await officer.GetByRole(AriaRole.Button, new() { Name = "確認を依頼する" }).ClickAsync();
        var office = await fixture.NewPageAsync(javaScript: false);
        await StaffSignIn.AsAsync(office, "dx@demo.madoguchi.example");
        await office.GotoAsync(draft);
        await office.GetByRole(AriaRole.Button, new() { Name = "承認して公開する" }).ClickAsync();
        Assert.Contains("承認して公開しました", await office.InnerTextAsync("main"));

        // A resident on a phone, without script.
        var resident = await fixture.NewPageAsync(javaScript: false, width: 390, height: 844);
        await resident.GotoAsync("/signin");
        await resident.GetByLabel("メールアドレス").FillAsync(Madoguchi.Features.Administration.DemoSeeder.DemoResidentEmail);
        await resident.GetByLabel("パスワード").FillAsync(Madoguchi.Features.Administration.DemoSeeder.DemoPassword);
        await resident.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await resident.GotoAsync($"/procedures/{id}");
        await resident.GetByRole(AriaRole.Link, new() { Name = "オンラインで申請する" }).ClickAsync();
        await resident.GetByRole(AriaRole.Button, new() { Name = "申請を始める" }).ClickAsync();
        await resident.GetByLabel("代表者の氏名").FillAsync("布屋 町子");
        await resident.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        await resident.GetByLabel("物品の種類").SelectOptionAsync(new SelectOptionValue { Label = "テント" });
        await resident.GetByRole(AriaRole.Button, new() { Name = "物品を追加する" }).ClickAsync();
        await resident.GetByLabel("物品の種類").Nth(1).SelectOptionAsync(new SelectOptionValue { Label = "その他" });
        await resident.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.Contains("質問が増えました", await resident.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, resident);
        await resident.GetByLabel("その他の物品の名前").FillAsync("長机");
        await resident.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        await resident.GetByLabel("配達を希望する").CheckAsync();
        await resident.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.Contains("質問が増えました", await resident.InnerTextAsync("main"));
        await resident.GetByLabel("配達先の住所").FillAsync("五所川原市字布屋町41番地1 布屋町会館");
        await resident.GetByRole(AriaRole.Button, new() { Name = "次へ進む" }).ClickAsync();
        Assert.EndsWith("/check", resident.Url);
        var check = await resident.InnerTextAsync("main");
        Assert.Contains("長机", check);
        Assert.Contains("手数料は300円です", check);
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, resident);
        await resident.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-builder-resident-check-390.png"), FullPage = true });
        await resident.GetByLabel("上記の内容に間違いありません").CheckAsync();
        await resident.GetByRole(AriaRole.Button, new() { Name = "この内容で申請する" }).ClickAsync();
        var receipt = await resident.Locator(".receipt-number").InnerTextAsync();
        await resident.GetByRole(AriaRole.Link, new() { Name = "手数料を支払う" }).ClickAsync();
        await resident.GetByRole(AriaRole.Button, new() { Name = "お支払いへ進む" }).ClickAsync();
        await resident.GetByLabel("カード番号（テスト用）").FillAsync("4242 4242 4242 4242");
        await resident.GetByRole(AriaRole.Button, new() { Name = "300円を支払う" }).ClickAsync();
        Assert.Contains("お支払いが完了しました", await resident.InnerTextAsync("main"));

        // The officer takes it up in the back office, answers and all.
        await officer.SetViewportSizeAsync(1280, 900);
        await officer.GotoAsync("/staff/cases");
        await officer.GetByRole(AriaRole.Link, new() { Name = receipt }).First.ClickAsync();
        var casePage = await officer.InnerTextAsync("main");
        Assert.Contains("長机", casePage);
        Assert.Contains("布屋町会館", casePage);
        Assert.DoesNotContain("system", casePage); // the platform's own step is named in Japanese
        await officer.GetByLabel("審査中").CheckAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "状態を変える" }).ClickAsync();
        Assert.Contains("状態を「審査中」にしました", await officer.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsWithoutScriptAsync(axe, officer);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "madoguchi-builder-case-1280.png"), FullPage = true });
    }
}
