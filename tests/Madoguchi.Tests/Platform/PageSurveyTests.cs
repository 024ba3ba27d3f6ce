using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Cases;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Platform;

/// <summary>
/// Every page as residents, clerks and administrators open it (issue 15): each has a title of its own (none shared by
/// two pages, none starting with 「エラー:」 when nothing is wrong), and no English shows where a person reads or a
/// screen reader speaks (text, labels, placeholders, button values).
/// </summary>
public abstract partial class PageSurveyTests(Engine engine) : IntegrationTest(engine)
{
    // Names and abbreviations that are written in Latin letters in Japanese too.
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "PDF", "CSV", "API", "JSON", "LINE", "URL", "ID", "QR", "DX", "CKAN", "GeoJSON", "Excel", "UTF", "BOM", "Shift_JIS",
        "JPKI", "OK", "MB", "KB", "GB", "SQLite", "PostgreSQL", "AED", "JPEG", "PNG", "Google", "Microsoft", "Authenticator", "IIJ", "SmartID", "TOTP", "FIDO", "WebAuthn", "iPhone",
        "Android", "Windows", "Mac", "Chrome", "Edge", "Safari", "Firefox", "CC", "BY", "Creative", "Commons", "Attribution",
        "International", "DCAT", "RDF", "Turtle", "XML", "HTML", "ZIP", "Bearer", "OpenAPI", "Web", "Wi", "Fi", "SNS",
        "JIS", "WCAG", "AA", "IC", "e", "Gov", "MIME", "SHA", "X", "Idempotency", "Key", "NFKC",
    };

    [Fact]
    public async Task EveryPage_HasItsOwnTitle_AndNoEnglish()
    {
        var anonymous = App.CreateBrowser();
        var resident = await App.CreateResidentAsync();
        var residentBrowser = await App.SignInAsync(resident);
        var (_, receipt) = await CaseScenario.SubmitRoadDamageAsync(App);
        var officerAccount = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");
        var officer = await App.SignInAsync(officerAccount);
        var officerApi = await CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "doboku");
        var caseId = await CaseScenario.IdOfAsync(officerApi, receipt);
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu"));
        var openData = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.OpenDataOfficer, "kikaku"));
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var cashier = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Cashier, "kaikei"));
        var publicity = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Publicity, "kikaku"));
        var dxOffice = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.DxOffice, "kikaku"));
        var campaign = (await publicity.PostFormAsync("/staff/line/campaigns?handler=Save", new() { ["Title"] = "調査用の配信", ["Text"] = "ごみの収集日が変わります。" }, "/staff/line/campaigns"))
            .Headers.Location!.OriginalString.Split('?')[0];
        var builderDraft = (await officer.PostFormAsync("/staff/builder?handler=Edit", new() { ["ProcedureId"] = "douro-sonshou-tsuuhou" }, "/staff/builder")).Headers.Location!.OriginalString;
        var population = Madoguchi.Features.Residents.Population.SyntheticPopulation.Generate(5, seed: 1, new DateOnly(2026, 11, 1));
        await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Features.Residents.Link.ResidentImport>()
            .ApplyAsync("調査用の住民", population.Select((r, i) => (i + 2, r)).ToList(), null, CancellationToken.None));
        var visit = (await clerk.PostFormAsync("/staff/counter/visits", new() { ["atena"] = population[0].AtenaNumber }, $"/staff/residents/{population[0].AtenaNumber}")).Headers.Location!.OriginalString;
        await clerk.PostFormAsync(visit, new()
        {
            ["Revision"] = "0", ["LifeEventId"] = "tenkyo", ["EventDate.Era"] = "Western", ["EventDate.Year"] = "2026", ["EventDate.Month"] = "11",
            ["EventDate.Day"] = "20", ["Subjects[0]"] = population[0].AtenaNumber, ["Answers[dog]"] = "yes",
        }, visit);
        var draft = (await residentBrowser.PostFormAsync("/procedures/douro-sonshou-tsuuhou/apply", new())).Headers.Location!.OriginalString;

        var payment = await App.WithServicesAsync(async s =>
        {
            var desk = s.GetRequiredService<Madoguchi.Features.Payments.PaymentDesk>();
            var order = await desk.CreateOrderAsync(new Madoguchi.Features.Payments.OrderRequest("住民票の写し 1通", 300), "survey", CancellationToken.None);
            return (await desk.StartAsync(order.Value!.Id, "/", "survey", CancellationToken.None)).Value!;
        });
        var orderReference = await App.WithServicesAsync(async s => (await s.GetRequiredService<Madoguchi.Features.Payments.PaymentDesk>().CreateOrderAsync(
            new Madoguchi.Features.Payments.OrderRequest("市営住宅家賃 12月分", 21000, new DateOnly(2026, 12, 31)), "survey", CancellationToken.None)).Value!.Reference);

        var pages = new (HttpClient Client, string Path)[]
        {
            (anonymous, "/"), (anonymous, "/procedures"), (anonymous, "/procedures?Q=" + Uri.EscapeDataString("国保")),
            (anonymous, "/procedures/juminhyo-online"), (anonymous, "/procedures/shibou-todoke"), (anonymous, "/dataset"),
            (anonymous, "/opendata/validate"), (anonymous, "/signin"), (anonymous, "/signin/card"), (anonymous, "/account/register"),
            (anonymous, "/account/forgot-password"), (anonymous, "/staff/signin"), (anonymous, "/error/404"), (anonymous, "/forbidden"),
            (anonymous, "/terms"), (anonymous, "/privacy"), (anonymous, "/accessibility"),
            (residentBrowser, "/account"), (residentBrowser, "/account/applications"), (residentBrowser, "/account/api-tokens"),
            (residentBrowser, "/account/card"), (residentBrowser, "/account/notifications"), (residentBrowser, "/account/notifications/news"), (residentBrowser, "/account/delete"), (residentBrowser, draft),
            (officer, "/staff"), (officer, "/staff/cases"), (officer, $"/staff/cases/{caseId}"), (officer, "/staff/cases/export"),
            (officer, "/staff/security"),
            (admin, "/admin/audit"), (admin, "/admin/intake"), (admin, "/admin/mail"), (admin, "/admin/staff"), (admin, "/admin/staff/new"), (admin, "/admin/health"), (admin, "/admin/city"), (admin, "/admin/departments"), (admin, "/admin/departments/shimin"), (admin, "/admin/residents"),
            (admin, $"/admin/staff/{officerAccount.UserId}"),
            (openData, "/staff/opendata"), (openData, "/staff/opendata/edit"),
            (clerk, "/staff/residents"), (clerk, $"/staff/residents/{population[0].AtenaNumber}"), (clerk, visit), (clerk, $"{visit}/forms"), (clerk, "/staff/counter/card"), (clerk, "/staff/counter/arrivals"), (clerk, "/staff/queue"), (clerk, "/staff/queue?counter=" + Uri.EscapeDataString("6番窓口")), (anonymous, "/queue"), (anonymous, "/queue/display"), (anonymous, "/queue/kiosk"), (anonymous, "/queue/congestion"),
            (anonymous, payment.NextUrl!), (anonymous, $"/payments/{payment.Id}/return"), (anonymous, $"/payments/orders/{orderReference}"),
            (cashier, "/staff/cashier"), (cashier, $"/staff/cashier?order={orderReference}"), (cashier, "/staff/cashier/day"), (cashier, "/staff/cashier/results"), (cashier, "/staff/cashier/report"), (cashier, "/staff/cashier/reconciliation"),
            (publicity, "/staff/line"), (publicity, "/staff/line/reach"), (publicity, "/staff/line/campaigns"), (publicity, "/staff/line/campaigns?emergency=true"), (publicity, campaign),
            (publicity, "/staff/messages"), (publicity, "/staff/messages/decision"),
            (officer, "/staff/builder"), (officer, "/staff/builder?copy=douro-sonshou-tsuuhou"), (officer, builderDraft),
            (officer, $"{builderDraft}/form"), (officer, $"{builderDraft}/question?key=contact.name"), (officer, $"{builderDraft}/question?key=kind"), (officer, $"{builderDraft}/question?key=noticedOn"), (officer, $"{builderDraft}/step?step=contact"), (officer, $"{builderDraft}/preview"), (officer, $"{builderDraft}/preview?step=1&width=desktop"), (officer, "/staff/builder/procedures/douro-sonshou-tsuuhou"), (officer, "/staff/builder/templates"), (dxOffice, "/staff/builder/kpi"),
        };

        var problems = new List<string>();
        var titles = new Dictionary<string, string>();
        foreach (var (client, path) in pages)
        {
            var response = await client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            var expected = path == "/error/404" ? HttpStatusCode.NotFound : path == "/forbidden" ? HttpStatusCode.Forbidden : HttpStatusCode.OK;
            if (response.StatusCode != expected)
            {
                problems.Add($"{path}: {(int)response.StatusCode}");
                continue;
            }

            var title = WebUtility.HtmlDecode(Title().Match(html).Groups[1].Value);
            if (title.StartsWith("エラー", StringComparison.Ordinal) && expected == HttpStatusCode.OK)
            {
                problems.Add($"{path}: the title says エラー: {title}");
            }

            if (titles.TryGetValue(title, out var other))
            {
                problems.Add($"{path}: the same title as {other}: {title}");
            }

            titles[title] = path;
            foreach (var english in EnglishIn(html))
            {
                problems.Add($"{path}: English: {english}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Runs of Latin words that are not in <see cref="Allowed"/>, in text and in what assistive technology reads.</summary>
    public static IEnumerable<string> EnglishIn(string html)
    {
        var visible = new StringBuilder();
        var body = Hidden().Replace(html, " ");
        foreach (Match attribute in SpokenAttribute().Matches(body))
        {
            visible.Append(' ').Append(attribute.Groups[2].Value).Append(" |");
        }

        visible.Append(Tag().Replace(body, " | "));
        foreach (var run in WebUtility.HtmlDecode(visible.ToString()).Split('|'))
        {
            var words = LatinWord().Matches(run).Select(m => m.Value).Where(w => !Allowed.Contains(w) && w.Length > 1 && !Receipt().IsMatch(w)).ToList();
            if (words.Count > 0)
            {
                yield return run.Trim();
            }
        }
    }

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex Title();

    // What is never shown: scripts, styles, the head, and code samples meant as code.
    [GeneratedRegex(@"<(script|style|head|code|pre)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"\b(placeholder|title|aria-label|alt)=""([^""]*)""")]
    private static partial Regex SpokenAttribute();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"(?<![\w@./:-])[A-Za-z][A-Za-z]+(?![\w@./:-])")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"^\d")]
    private static partial Regex Receipt();
}

public sealed class PageSurveyTests_Sqlite() : PageSurveyTests(Engine.Sqlite);

public sealed class PageSurveyTests_PostgreSql() : PageSurveyTests(Engine.PostgreSql);
