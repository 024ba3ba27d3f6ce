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
    }
}
