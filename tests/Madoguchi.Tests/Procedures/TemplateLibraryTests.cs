using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Builder;
using Madoguchi.Features.Procedures.Builder.Templates;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Tests.Procedures.BuilderPages;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// The template library (issue 20, increment 5) as data: every template follows the catalog's rules (番号法 included),
/// is city-neutral and has an id of its own; and as staff use it: found by name or よみ, adopted with one button as a
/// draft that can be published as it is, never adopted twice; the demo city adopts the whole library once.
/// </summary>
public abstract class TemplateLibraryTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly string Catalog = Path.Combine(RepositoryRoot.Path, "catalog");

    [Fact]
    public async Task ATemplate_IsFoundAndAdoptedWithOneButton_PublishedAsItIs_AndNotAdoptedTwice()
    {
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "somu"));
        var library = WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/builder/templates?Q=" + Uri.EscapeDataString("コウブンショ")));
        Assert.Contains("公文書の開示請求", library);
        Assert.DoesNotContain("犬の死亡届", library);
        Assert.Contains("雛形から作る：コウブンショ（1件）", library);

        var adopted = await officer.PostFormAsync("/staff/builder/templates", new() { ["TemplateId"] = "kobunsho-kaiji" }, "/staff/builder/templates");
        Assert.Equal(HttpStatusCode.Redirect, adopted.StatusCode);
        var draftPage = adopted.Headers.Location!.OriginalString;
        var draft = WebUtility.HtmlDecode(await officer.GetStringAsync(draftPage));
        Assert.Contains("雛形から", draft);
        Assert.Contains("直すことはありません", draft);
        Assert.Contains("新しい手続きです", draft);

        var again = await officer.PostFormAsync("/staff/builder/templates", new() { ["TemplateId"] = "kobunsho-kaiji" }, "/staff/builder/templates");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("すでにこの市の手続きか下書きになっています", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));

        await officer.PostFormAsync(draftPage + "?handler=Submit", new() { ["Revision"] = Revision(draft) }, draftPage);
        var colleague = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "somu"));
        var revision = WebUtility.HtmlDecode(await colleague.GetStringAsync(draftPage));
        Assert.Equal(HttpStatusCode.Redirect, (await colleague.PostFormAsync(draftPage + "?handler=Approve", new() { ["Revision"] = Revision(revision) }, draftPage)).StatusCode);
        Assert.Contains("オンラインで申請する", WebUtility.HtmlDecode(await App.CreateBrowser().GetStringAsync("/procedures/kobunsho-kaiji")));
        Assert.Contains("採用済み", WebUtility.HtmlDecode(await officer.GetStringAsync("/staff/builder/templates?Q=" + Uri.EscapeDataString("公文書"))));

        // A template of another department goes to the officer's own; someone who may not build is refused.
        var other = await officer.PostFormAsync("/staff/builder/templates", new() { ["TemplateId"] = "inu-shibou" }, "/staff/builder/templates");
        await using (var db = Database.CreateContext())
        {
            Assert.Equal("somu", (await db.Set<ProcedureDraft>().SingleAsync(d => d.OpenKey == "inu-shibou")).Department);
        }

        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk));
        Assert.StartsWith("/forbidden", (await clerk.GetAsync("/staff/builder/templates")).Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task TheDemoCity_AdoptsTheWholeLibraryOnce()
    {
        var count = TemplateLibrary.Load(Catalog).Count;
        Assert.Equal(count, await App.WithServicesAsync(s => s.GetRequiredService<TemplateLibrary>().PublishAllAsync(CancellationToken.None)));
        Assert.Equal(0, await App.WithServicesAsync(s => s.GetRequiredService<TemplateLibrary>().PublishAllAsync(CancellationToken.None)));
        var offered = await App.WithServicesAsync(s => s.GetRequiredService<ProcedureCatalog>().AllAsync());
        Assert.Contains(offered, p => p.Definition.Id == "fuzaisha-touhyou" && p.Definition.CanApplyHere);

        // The figure: the demo catalog lists 200 procedures, at least 150 of them complete online.
        Assert.True(offered.Count >= 200, $"{offered.Count} procedures");
        Assert.True(offered.Count(p => p.Definition.CompletesOnline) >= 150, $"{offered.Count(p => p.Definition.CompletesOnline)} complete online");
        await using var db = Database.CreateContext();
        Assert.Equal(count, await db.Set<ProcedureVersion>().CountAsync(v => v.Source == ProcedureVersion.FromTemplate));

        // A restart's catalog sync leaves them alone: they are not the catalog's files.
        await App.WithServicesAsync(s => s.GetRequiredService<CatalogSync>().SyncAsync());
        var fromTemplates = await db.Set<ProcedureVersion>().Where(v => v.Source == ProcedureVersion.FromTemplate).Select(v => v.ProcedureId).ToListAsync();
        Assert.Equal(count, await db.Set<Procedure>().CountAsync(p => fromTemplates.Contains(p.Id) && p.Availability == ProcedureAvailability.Offered));
    }
}

/// <summary>The template files themselves, as a reviewer reads them: the catalog's rules, no city's own details, ids of their own.</summary>
public sealed class TemplateFilesTests
{
    private static readonly string Catalog = Path.Combine(RepositoryRoot.Path, "catalog");

    [Fact]
    public void EveryTemplate_FollowsTheCatalogsRules_IsCityNeutral_AndHasAnIdOfItsOwn()
    {
        var templates = TemplateLibrary.Load(Catalog); // throws, naming the file and the rule, when one is broken
        Assert.NotEmpty(templates);
        var procedures = Directory.GetFiles(Path.Combine(Catalog, "procedures"), "*.json").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var names = Directory.GetFiles(Path.Combine(Catalog, "procedures"), "*.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(templates.Count, templates.Select(t => t.Definition.Name).Distinct().Count());
        Assert.All(templates, t =>
        {
            Assert.DoesNotContain(t.Definition.Id, procedures);
            Assert.DoesNotContain(t.Definition.Name, names); // the same procedure under another id
            var text = t.Json.ToJsonString();
            Assert.DoesNotContain("五所川原", text);
            Assert.DoesNotContain("0173-", text);
            Assert.True(t.Definition.IsOnlineForm || t.Definition.Channels.Count > 0);
        });
    }

    /// <summary>
    /// Every online template can be completed: answers made from each question's type (the first choice, one item of
    /// each group, every conditional question answered too) pass the form engine's checks with nothing missing.
    /// </summary>
    [Fact]
    public void EveryOnlineTemplate_CanBeCompleted_WithAnswersOfEachQuestionsType()
    {
        var validator = FormEngineTests.NewValidator();
        var problems = new List<string>();
        foreach (var (definition, _) in TemplateLibrary.Load(Catalog).Where(t => t.Definition.IsOnlineForm))
        {
            var form = definition.Form!.Deserialize<Madoguchi.Features.Procedures.Forms.FormDefinition>(ProcedureDefinition.Json)!;
            var answers = new JsonObject();
            foreach (var field in form.Steps.SelectMany(s => s.Fields))
            {
                Madoguchi.Features.Procedures.Forms.AnswerPaths.Set(answers, field.Path, AnswerFor(field, field.Path, form.Schema));
            }

            problems.AddRange(validator.Validate(form, answers).Select(p => $"{definition.Id}: {p.Key}: {p.Value}"));
        }

        Assert.Empty(problems);
    }

    private static JsonNode? AnswerFor(Madoguchi.Features.Procedures.Forms.FormField field, string path, JsonObject schema) => field.Widget switch
    {
        "repeat" => new JsonArray(field.Fields!.Aggregate(new JsonObject(), (item, child) =>
        {
            Madoguchi.Features.Procedures.Forms.AnswerPaths.Set(item, child.Path, AnswerFor(child, $"{path}[0].{child.Path}", schema));
            return item;
        })),
        "radios" or "select" => field.Options![0].Value,
        "checkbox" => true,
        "number" => Madoguchi.Features.Procedures.Forms.AnswerPaths.SchemaAt(schema, path)?["minimum"]?.GetValue<int>() ?? 0,
        "date" => field.Dates?.FromToday is not null ? "2026-12-21" : "2026-11-20",
        "kana" => "ゴショガワラ　ハナコ",
        "name" => "試験 花子",
        "email" => "hanako@example.jp",
        "phone" => "0173352111",
        "postal-code" => "0378686",
        "file" => new JsonObject { ["sha256"] = new string('a', 64), ["name"] = "写し.pdf", ["size"] = 1000, ["contentType"] = "application/pdf" },
        "bank-account" => new JsonObject { ["bankCode"] = "0001", ["branchCode"] = "001", ["type"] = "ordinary", ["number"] = "1234567", ["holderKana"] = "シケン　ハナコ" },
        "map" => new JsonObject { ["lat"] = 40.8, ["lng"] = 140.44 },
        "textarea" => "試験のための説明です。",
        _ => "試験",
    };
}

public sealed class TemplateLibraryTests_Sqlite() : TemplateLibraryTests(Engine.Sqlite);

public sealed class TemplateLibraryTests_PostgreSql() : TemplateLibraryTests(Engine.PostgreSql);
