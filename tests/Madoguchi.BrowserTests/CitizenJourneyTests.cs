using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Madoguchi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class CitizenJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Resident_Registers_ConfirmsTheAddress_SignsIn_AndDeletesTheAccount()
    {
        var email = $"resident-{Guid.NewGuid():N}@example.jp";
        const string password = "ashino park in spring";
        var page = await fixture.NewPageAsync(width: 390, height: 844);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "アカウント登録" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByLabel("利用規約と個人情報の取扱いに同意します").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        Assert.EndsWith("/account/registered", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);

        var link = await ConfirmationLinkAsync(email);
        await page.GotoAsync(link.PathAndQuery);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "メールアドレスを確認する" }).ClickAsync();
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "サインイン" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        Assert.EndsWith("/account", page.Url);
        Assert.Contains(email, await page.InnerTextAsync("main"));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "外部サービスとの連携（API トークン）" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "API トークンを作る" }).ClickAsync();
        Assert.StartsWith("エラー: ", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("名前").FillAsync("家計簿アプリ");
        await page.GetByRole(AriaRole.Button, new() { Name = "API トークンを作る" }).ClickAsync();
        Assert.StartsWith("mdg_", await page.GetByLabel("API トークン", new() { Exact = true }).InputValueAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "「家計簿アプリ」を無効にする" }).ClickAsync();
        Assert.Contains("API トークンを無効にしました", await page.InnerTextAsync("main"));
        await page.GetByRole(AriaRole.Link, new() { Name = "マイページ" }).First.ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "アカウントの削除" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("確認のため、パスワードを入力してください").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "アカウントを削除する" }).ClickAsync();
        Assert.EndsWith("/account/deleted", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);
    }

    /// <summary>The demo instance's own outbox worker may deliver first; wait for the message either way.</summary>
    private async Task<Uri> ConfirmationLinkAsync(string email)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var mailDirectory = scope.ServiceProvider.GetRequiredService<MadoguchiSettings>().MailDropDirectory;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().ProcessBatchAsync("browser-test", CancellationToken.None);
            foreach (var file in Directory.Exists(mailDirectory) ? Directory.GetFiles(mailDirectory, "*.eml") : [])
            {
                var message = await MimeMessage.LoadAsync(file);
                if (message.To.ToString() == email)
                {
                    var body = message.TextBody ?? string.Empty;
                    var start = body.IndexOf("http", StringComparison.Ordinal);
                    return new Uri(body[start..].Split('\n')[0].Trim());
                }
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("No confirmation e-mail was written.");
    }
}
