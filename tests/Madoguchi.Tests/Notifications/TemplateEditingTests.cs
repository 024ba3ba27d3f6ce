using System.Net;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Messages;
using Madoguchi.Features.Notifications.Templates;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Notifications;

/// <summary>
/// Editing the residents' message templates on a page: the placeholders' rules said next to the field with what was
/// typed kept, no personal placeholder on LINE, a second person's approval before a change becomes the new version
/// (never one's own), 差戻し with its reason, the edit surviving a restart's catalog sync, and no access for other roles.
/// </summary>
public abstract class TemplateEditingTests(Engine engine) : IntegrationTest(engine)
{
    private const string Page = "/staff/messages/status-changed";

    [Fact]
    public async Task AChange_IsCheckedWhenWritten_ApprovedByASecondPerson_AndBecomesTheNewVersion_WhichARestartKeeps()
    {
        var writer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.DxOffice));
        var list = WebUtility.HtmlDecode(await writer.GetStringAsync("/staff/messages"));
        Assert.Contains("申請の状況の変化", list);
        Assert.Contains("第1版（標準（定義ファイル））", list);

        var refused = await writer.PostFormAsync(Page + "?handler=Save", new()
        {
            ["Revision"] = "0", ["Subject"] = "((手続きの名前))の状況", ["Body"] = "((手続きの名前))は((unknown))です。((申請の状況", ["LineText"] = "((手続きの名前))の状況が「((申請の状況))」になりました。",
        }, Page);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("「((」と「))」の組が合っていません", page);
        Assert.Contains("LINEの本文には ((手続きの名前)) は使えません", page);
        Assert.Contains("((手続きの名前))は((unknown))です。", page); // what was typed is kept

        var unknown = await writer.PostFormAsync(Page + "?handler=Save", new()
        {
            ["Revision"] = "0", ["Subject"] = "件名", ["Body"] = "((受付番号))の((unknown))", ["LineText"] = "状況が変わりました。\n((マイページのアドレス))",
        }, Page);
        Assert.Contains("使えない差し込み項目があります：((unknown))", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()));

        var submitted = await writer.PostFormAsync(Page + "?handler=Submit", new()
        {
            // Placeholders by their Japanese names, as the page shows them (the keys are understood too).
            ["Revision"] = "0", ["Subject"] = "【お知らせ】((手続きの名前))の状況が変わりました", ["Body"] = "((手続きの名前))（受付番号 ((受付番号))）は「((申請の状況))」になりました。\r\n\r\n((next))",
            ["LineText"] = "お申し込みの状況が「((申請の状況))」になりました。\r\n((マイページのアドレス))",
        }, Page);
        Assert.Equal(Page + "?done=submitted", submitted.Headers.Location!.OriginalString);
        var waiting = WebUtility.HtmlDecode(await writer.GetStringAsync(Page));
        Assert.Contains("確認待ち", waiting);
        Assert.Contains("自分で依頼した変更は、自分では承認できません", waiting);
        Assert.DoesNotContain("name=\"Revision\"", waiting); // nothing the writer could do to it now
        string revision;
        await using (var db = Database.CreateContext())
        {
            revision = (await db.Set<TemplateDraft>().SingleAsync()).Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var own = await writer.PostFormAsync(Page + "?handler=Approve", new() { ["Revision"] = revision }, Page);
        Assert.StartsWith("/forbidden", own.Headers.Location!.PathAndQuery);

        var colleague = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Publicity, "kikaku"));
        var approved = await colleague.PostFormAsync(Page + "?handler=Approve", new() { ["Revision"] = revision }, Page);
        Assert.Equal(Page + "?done=approved", approved.Headers.Location!.OriginalString);
        var published = WebUtility.HtmlDecode(await colleague.GetStringAsync(Page));
        Assert.Contains("第2版（職員による変更）", published);
        Assert.Contains("（受付番号 ((受付番号))）は「((申請の状況))」になりました。", published);

        var current = await CurrentAsync();
        Assert.Equal((2, MessageTemplateVersion.Edited, "【お知らせ】((procedure))の状況が変わりました"), (current.Version, current.Source, current.Subject));
        Assert.Equal("((procedure))（受付番号 ((receipt))）は「((status))」になりました。\n\n((next))", current.Body);

        // A restart syncs the catalog: the file has not changed since its version 1, so the edit stays in use.
        await App.WithServicesAsync(s => s.GetRequiredService<MessageTemplates>().SyncAsync(CancellationToken.None));
        Assert.Equal(2, (await CurrentAsync()).Version);
        Assert.Equal(["notification.template_saved", "notification.template_submitted", "notification.template_published"],
            (await AuditEventsAsync()).Where(e => e.Action.StartsWith("notification.template_", StringComparison.Ordinal) && e.Action != "notification.template_forbidden")
                .OrderBy(e => e.Sequence).Select(e => e.Action));

        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk));
        foreach (var path in new[] { "/staff/messages", Page })
        {
            Assert.StartsWith("/forbidden", (await clerk.GetAsync(path)).Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task ASecondPersonSendsAChangeBackWithAReason_AndTheWriterCanDiscardIt()
    {
        var writer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Publicity, "kikaku"));
        var submitted = await writer.PostFormAsync(Page + "?handler=Submit", new()
        {
            ["Revision"] = "0", ["Subject"] = "((手続きの名前))について", ["Body"] = "((申請の状況))になりました。", ["LineText"] = "状況が「((申請の状況))」になりました。",
        }, Page);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);

        var reviewer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.DxOffice));
        var shown = WebUtility.HtmlDecode(await reviewer.GetStringAsync(Page));
        var revision = Regex.Match(shown, "name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value;
        var noReason = await reviewer.PostFormAsync(Page + "?handler=Return", new() { ["Revision"] = revision, ["Reason"] = " " }, Page);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("差し戻しの理由を500文字までで入力してください", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()));
        var returned = await reviewer.PostFormAsync(Page + "?handler=Return", new() { ["Revision"] = revision, ["Reason"] = "受付番号も書いてください。" }, Page);
        Assert.Equal(Page + "?done=returned", returned.Headers.Location!.OriginalString);

        var back = WebUtility.HtmlDecode(await writer.GetStringAsync(Page));
        Assert.Contains("受付番号も書いてください。", back);
        Assert.Contains("((申請の状況))になりました。", back); // the draft is kept for the writer to change
        var draftRevision = Regex.Match(back, "name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value;
        var discarded = await writer.PostFormAsync(Page + "?handler=Discard", new() { ["Revision"] = draftRevision }, Page);
        Assert.Equal(Page + "?done=discarded", discarded.Headers.Location!.OriginalString);
        await using var db = Database.CreateContext();
        Assert.Equal(TemplateDraftStatus.Discarded, (await db.Set<TemplateDraft>().SingleAsync()).Status);
        Assert.Equal(1, (await CurrentAsync()).Version);
    }

    private Task<MessageTemplateVersion> CurrentAsync() =>
        App.WithServicesAsync(s => s.GetRequiredService<MessageTemplates>().CurrentAsync("status-changed", CancellationToken.None));
}

public sealed class TemplateEditingTests_Sqlite() : TemplateEditingTests(Engine.Sqlite);

public sealed class TemplateEditingTests_PostgreSql() : TemplateEditingTests(Engine.PostgreSql);
