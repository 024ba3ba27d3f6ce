using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Features.Notifications.LineSandbox;
using Madoguchi.Features.Notifications.Messages;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Notifications;

/// <summary>
/// A resident's own messages (issue 19, increment 5): written from a versioned template in the same commit as their
/// cause, sent by e-mail until the resident links their LINE (from the account's 受信設定 link, signed in) and chooses
/// it; then pushed to LINE once, keyed by the message; by e-mail instead when the friend has blocked the account; with
/// Notify's statuses on the resident's page.
/// </summary>
public abstract partial class NotificationTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Line:Sandbox"] = "true", ["Line:ChannelSecret"] = "8c570fa6dd201bb328f1c1eac23a96d8", ["Line:ChannelAccessToken"] = "test-channel-token",
        ["Line:ApiBaseUrl"] = "https://localhost",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient(LineClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());

    [Fact]
    public async Task AMessageGoesByEmail_UntilTheResidentLinksTheirLine_ThenByLineOnce_AndByEmailAgainWhenBlocked()
    {
        var resident = await App.CreateResidentAsync();
        var browser = await App.SignInAsync(resident);

        await NotifyAsync(resident.UserId, "one");
        var mails = await DeliverMailAsync();
        Assert.Equal("【五所川原市】道路損傷の通報の状況が変わりました", Assert.Single(mails).Subject);
        Assert.Contains("（受付番号 R-1）の状況が「審査中」になりました。", mails[0].TextBody);

        // The resident follows the account on LINE, opens the 受信設定 link and links it, signed in.
        var phone = App.CreateBrowser();
        var chat = (await phone.PostFormAsync("/line-sandbox", new() { ["DisplayName"] = "連携する人" })).Headers.Location!.OriginalString;
        await RunOutboxAsync();
        await RunOutboxAsync();
        var settings = new Uri(SettingsLink().Match(WebUtility.HtmlDecode(await phone.GetStringAsync(chat))).Value).AbsolutePath;
        Assert.Contains("まどぐちにサインインして連携する", WebUtility.HtmlDecode(await browser.GetStringAsync(settings)));
        var linked = await browser.PostFormAsync(settings + "/link", new() { ["MessagesByLine"] = "true" });
        Assert.Equal("/account/notifications?linked=true", linked.Headers.Location!.OriginalString);
        Assert.Contains("LINEとアカウントを連携しました", WebUtility.HtmlDecode(await browser.GetStringAsync(linked.Headers.Location.OriginalString)));

        await NotifyAsync(resident.UserId, "two");
        await RunOutboxAsync();
        await RunOutboxAsync(); // a second run finds it sent and does nothing
        Assert.Empty(await DeliverMailAsync());
        await using (var db = Database.CreateContext())
        {
            var pushes = (await db.Set<LineSandboxRequest>().Where(r => r.Endpoint == "push").ToListAsync())
                .Select(r => (Request: r, Text: JsonNode.Parse(r.Body)!["messages"]![0]!["text"]!.GetValue<string>())).ToList();
            var (push, text) = Assert.Single(pushes, p => p.Text.Contains("状況が「審査中」", StringComparison.Ordinal));
            Assert.DoesNotContain("道路損傷", text, StringComparison.Ordinal); // no procedure or receipt on LINE: only the way to マイページ
            Assert.DoesNotContain("R-1", text, StringComparison.Ordinal);
            Assert.Contains("https://localhost/account/applications", text);
            var sent = await db.Set<Notification>().SingleAsync(n => n.Reference == "test:two");
            Assert.Equal((NotificationChannel.Line, NotificationStatus.Accepted, 1), (sent.Channel, sent.Status, sent.TemplateVersion));
            Assert.Equal(sent.Id, push.RetryKey);
        }

        // Written for LINE, then the friend blocks the account before it goes: it goes by e-mail, and says so.
        await NotifyAsync(resident.UserId, "three");
        await using (var db = Database.CreateContext())
        {
            // The unfollow event is taken before the message goes (as the webhook would apply it).
            await db.Set<LineSubscriber>().ExecuteUpdateAsync(u => u.SetProperty(x => x.Following, false));
        }

        var fallback = await DeliverMailAsync();
        Assert.Single(fallback);
        await using (var db = Database.CreateContext())
        {
            var third = await db.Set<Notification>().SingleAsync(n => n.Reference == "test:three");
            Assert.Equal((NotificationChannel.Email, NotificationStatus.Delivered, NotificationDelivery.LineBlocked), (third.Channel, third.Status, third.Note));
        }

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/account/notifications"));
        Assert.Contains("LINEで送信済み", page);
        Assert.Contains("LINEがブロックされていたため、メールでお送りしました。", page);
        Assert.Single(await AuditEventsAsync("line.account_linked"));

        // Deleting the account forgets its LINE link, its choice and its messages; the friend stays a friend.
        await browser.PostFormAsync("/account/delete", new() { ["Input.Password"] = resident.Password });
        await using (var db = Database.CreateContext())
        {
            Assert.Null((await db.Set<LineSubscriber>().SingleAsync()).AccountUserId);
            Assert.Equal(0, await db.Set<Notification>().CountAsync());
            Assert.Equal(0, await db.Set<NotificationPreference>().CountAsync());
        }
    }

    [Fact]
    public async Task LineCannotBeChosenWithoutALinkedLine_AndTheSameCauseNeverWritesTwice()
    {
        var resident = await App.CreateResidentAsync();
        var browser = await App.SignInAsync(resident);
        var refused = await browser.PostFormAsync("/account/notifications", new() { ["Channel"] = "Line" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("先にLINEとアカウントを連携してください", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        var odd = await browser.PostFormAsync("/account/notifications", new() { ["Channel"] = "Fax" });
        Assert.Contains("受け取り方を選んでください", WebUtility.HtmlDecode(await odd.Content.ReadAsStringAsync()));

        await NotifyAsync(resident.UserId, "same");
        await NotifyAsync(resident.UserId, "same");
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.Set<Notification>().CountAsync());
        Assert.Equal(1, await db.Set<OutboxMessage>().CountAsync(m => m.Kind == NotificationDelivery.Kind));
    }

    [Fact]
    public void Placeholders_AreFilledInOnePass_AndATemplateUsingAnUndeclaredOneIsRefused()
    {
        Assert.Equal("a ((x)) b", Placeholders.Fill("a ((v)) b", new Dictionary<string, string> { ["v"] = "((x))" })); // a value is never read again
        Assert.Throws<InvalidOperationException>(() => Placeholders.Fill("((missing))", new Dictionary<string, string>()));

        var directory = Directory.CreateTempSubdirectory("templates").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "schemas"));
        Directory.CreateDirectory(Path.Combine(directory, "notifications"));
        File.Copy(Path.Combine(CatalogLoader.CatalogDirectory, "schemas", "notification-templates.schema.json"), Path.Combine(directory, "schemas", "notification-templates.schema.json"));
        File.WriteAllText(Path.Combine(directory, "notifications", "templates.json"), """
            {"templates":[{"key":"tt","name":"n","placeholders":["a"],"email":{"subject":"((a))","body":"((b))"},"line":{"text":"x"}}]}
            """);
        var refused = Assert.Throws<CatalogException>(() => MessageTemplateCatalog.Load(directory));
        Assert.Contains("/templates/0/email/body: ((b)) is not one of its placeholders", refused.Message);
        Assert.Equal(7, MessageTemplateCatalog.Load().Templates.Count);
    }

    /// <summary>Writes a status message for the resident as the casework does, in one commit.</summary>
    private Task NotifyAsync(string userId, string cause) =>
        App.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MadoguchiDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await services.GetRequiredService<Notifier>().SendAsync(new NotifyRequest("status-changed", $"test:{cause}", userId, null, new Dictionary<string, string>
            {
                ["procedure"] = "道路損傷の通報", ["receipt"] = "R-1", ["status"] = "審査中", ["next"] = "詳しい内容は、マイページでご確認ください。",
            }), CancellationToken.None);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });

    private Task RunOutboxAsync() =>
        App.WithServicesAsync(services => services.GetRequiredService<OutboxProcessor>().ProcessBatchAsync("test", CancellationToken.None));

    [GeneratedRegex(@"https://localhost/line/settings/[A-Za-z0-9_\-]+")]
    private static partial Regex SettingsLink();
}

public sealed class NotificationTests_Sqlite() : NotificationTests(Engine.Sqlite);

public sealed class NotificationTests_PostgreSql() : NotificationTests(Engine.PostgreSql);
