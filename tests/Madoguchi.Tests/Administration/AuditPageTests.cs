using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Cases;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Administration;

/// <summary>
/// The audit trail as an administrator reads it (issue 15): people by name and 課, actions in Japanese, filters by
/// person, action, kind of thing, thing and period, and an export as CSV that Excel opens; the export is audited.
/// </summary>
public abstract partial class AuditPageTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task ThePage_NamesPeopleAndActions_InJapanese()
    {
        var officer = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");
        await App.SignInAsync(officer);
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu"));

        var html = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/audit?Filter.Person={officer.UserId}&Filter.Action=signin.succeeded"));

        Assert.Matches($"<td>{Regex.Escape(officer.Email)}\\s*<br><span class=\"muted\">土木課</span>", html);
        Assert.Contains("<td>サインイン</td>", html);
        Assert.DoesNotContain(">signin.succeeded<", html);
        Assert.DoesNotContain($">{officer.UserId}<", html);
        Assert.Contains("<optgroup label=\"サインイン\">", html);
        Assert.Contains("<option value=\"signin.*\">サインイン（すべて）</option>", html);
    }

    [Fact]
    public async Task Filters_ByGroupKindThingAndPeriod()
    {
        var (_, receipt) = await CaseScenario.SubmitRoadDamageAsync(App);
        await CaseScenario.SubmitRoadDamageAsync(App);
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu"));

        var one = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/audit?Filter.ResourceType=application&Filter.ResourceId={receipt}"));
        Assert.Single(Rows().Matches(one));
        Assert.Contains("申請の受付", one);
        Assert.Contains("住民", one);

        var applications = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/audit?Filter.Action=application.*"));
        Assert.True(Rows().Matches(applications).Count >= 2);
        Assert.DoesNotContain("<td>サインイン</td>", applications);

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")));
        var tomorrow = today.AddDays(1);
        var future = WebUtility.HtmlDecode(await admin.GetStringAsync(
            $"/admin/audit?Filter.Action=application.*&Filter.From.Era=Western&Filter.From.Year={tomorrow.Year}&Filter.From.Month={tomorrow.Month}&Filter.From.Day={tomorrow.Day}"));
        Assert.Empty(Rows().Matches(future));
    }

    [Theory]
    [InlineData("Filter.Action=signin", "一覧から操作を選んでください")]
    [InlineData("Filter.ResourceType=users", "一覧から対象の種類を選んでください")]
    [InlineData("Filter.Person=00000000-0000-0000-0000-000000000000", "一覧から操作した人を選んでください")]
    [InlineData("Filter.From.Era=Western&Filter.From.Year=2026&Filter.From.Month=12&Filter.From.Day=2&Filter.To.Era=Western&Filter.To.Year=2026&Filter.To.Month=12&Filter.To.Day=1", "期間（まで）は期間（から）と同じ日か")]
    public async Task AFilterThatIsNotOnTheLists_IsExplained(string query, string message)
    {
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu"));

        var response = await admin.GetAsync("/admin/audit?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task TheExport_IsACsvExcelOpens_InUtf8OrShiftJis_AndIsAudited()
    {
        var (_, receipt) = await CaseScenario.SubmitRoadDamageAsync(App);
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu"));

        var utf8 = await admin.GetAsync($"/admin/audit?handler=Export&Filter.ResourceId={receipt}&Encoding=utf-8");
        Assert.Equal(HttpStatusCode.OK, utf8.StatusCode);
        Assert.Equal("text/csv", utf8.Content.Headers.ContentType!.MediaType);
        var bytes = await utf8.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("記録番号,日時,操作した人,課,", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains(",申請の受付,application.submitted,申請,", lines[1]);

        var sjis = await admin.GetAsync($"/admin/audit?handler=Export&Filter.ResourceId={receipt}&Encoding=shift_jis");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Assert.Contains("申請の受付", Encoding.GetEncoding(932).GetString(await sjis.Content.ReadAsByteArrayAsync()));

        var exported = await AuditEventsAsync("audit.exported");
        Assert.Equal(2, exported.Count);
        Assert.Contains("\"rows\":1", exported[0].Details);
    }

    [Fact]
    public async Task EveryActionThePlatformRecords_HasAJapaneseName()
    {
        var source = Path.Combine(RepositoryRoot.Path, "src", "Madoguchi");
        var actions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var text = await File.ReadAllTextAsync(file);
            actions.UnionWith(LiteralAction().Matches(text).Select(m => m.Groups[1].Value));
            actions.UnionWith(SessionAction().Matches(text).Select(m => m.Groups[1].Value));
            if (text.Contains("new AuditEntry($\"opendata.{action}\"", StringComparison.Ordinal))
            {
                actions.UnionWith(OpenDataSave().Matches(text).SelectMany(m => Quoted().Matches(m.Value)).Select(q => "opendata." + q.Groups[1].Value));
            }
        }

        Assert.Contains("opendata.resource_created", actions);
        Assert.Contains("staff.session_ended", actions);
        var resources = await File.ReadAllTextAsync(Path.Combine(source, "Resources", "Messages.resx"));
        Assert.All(actions, action => Assert.Contains($"name=\"AuditAction.{action}\"", resources));
    }

    [GeneratedRegex("<tr>\\s*<td class=\"nowrap\">")]
    private static partial Regex Rows();

    [GeneratedRegex(@"AuditEntry\(\s*""([a-z_.-]+)""")]
    private static partial Regex LiteralAction();

    [GeneratedRegex(@"EndSessionsAsync\([^;]*""([a-z_]+\.[a-z_]+)""\)")]
    private static partial Regex SessionAction();

    [GeneratedRegex(@"await SaveAsync\(dataset, user, [^;]*;")]
    private static partial Regex OpenDataSave();

    [GeneratedRegex(@"""([a-z_]+)""")]
    private static partial Regex Quoted();
}

public sealed class AuditPageTests_Sqlite() : AuditPageTests(Engine.Sqlite);

public sealed class AuditPageTests_PostgreSql() : AuditPageTests(Engine.PostgreSql);
