using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Procedures;

/// <summary>The catalog's size promise, and every online form in it working end to end on the web and the API.</summary>
public abstract class OnlineFormsTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly string[] MovingProcedures = ["tenshutsu-todoke", "tennyu-yoyaku", "tenkyo-todoke", "tenkyo-yoyaku"];

    [Fact]
    public async Task TheCatalog_HasSixtyProcedures_ThirtyOfThemEverydayMunicipalOnes_AndMarksEachOnlineOrGuidance()
    {
        var all = await App.WithServicesAsync(s => s.GetRequiredService<ProcedureCatalog>().AllAsync());

        Assert.True(all.Count >= 60, $"{all.Count} procedures");
        var everyday = all.Where(p => p.Definition.NationalProcedureNumber is null && !MovingProcedures.Contains(p.Definition.Id)).ToList();
        Assert.True(everyday.Count >= 30, $"{everyday.Count} everyday procedures");
        Assert.All(all, p => Assert.Contains(p.Definition.Mode, new[] { "online-form", "guidance" }));
        Assert.True(all.Count(p => p.Definition.CanApplyHere) >= 8);
    }

    [Fact]
    public async Task EveryOnlineForm_RendersEveryStepAndTheCheckPage_ForAResident()
    {
        var forms = await OnlineFormsAsync();
        var client = await App.SignInAsync(await App.CreateResidentAsync());

        foreach (var procedure in forms)
        {
            var started = await client.PostFormAsync($"/procedures/{procedure.Definition.Id}/apply", new());
            Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
            var step0 = started.Headers.Location!.OriginalString;
            for (var i = 0; i < procedure.Form!.Steps.Count; i++)
            {
                var html = await client.GetStringAsync(step0.Replace("/step/0", $"/step/{i}", StringComparison.Ordinal));
                Assert.Contains(procedure.Form.Steps[i].Title, html);
            }

            var check = await client.GetAsync(step0.Replace("/step/0", "/check", StringComparison.Ordinal));
            Assert.True(check.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{procedure.Definition.Id}: {check.StatusCode}");
        }
    }

    [Fact]
    public async Task EveryOnlineForm_AnswersAnEmptyApplicationWithErrorsForItsOwnQuestionsOnly()
    {
        var forms = await OnlineFormsAsync();
        var client = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);

        foreach (var procedure in forms)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{procedure.Definition.Id}/applications")
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", $"empty-{procedure.Definition.Id}");
            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
            var topLevel = procedure.Form!.Steps.SelectMany(s => s.Fields).Select(f => f.Path).ToHashSet();
            if (procedure.Definition.NeedsCardSignature)
            {
                // An unsigned body is refused for its missing card signature before its answers are read.
                Assert.Equal(["X-Jpki-Signature"], errors.Select(e => e.Key));
                continue;
            }

            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.Contains(e.Key, topLevel));
            Assert.All(errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}|\p{IsHiragana}", e.Value![0]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task APostalCode_FillsTheAddressBesideIt_AndAnUnknownCodeIsExplained()
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = (await client.PostFormAsync("/procedures/sodai-gomi/apply", new())).Headers.Location!.OriginalString;
        var step1 = step0.Replace("/step/0", "/step/1", StringComparison.Ordinal);

        var found = await client.PostFormAsync(step1, new() { ["applicant.postalCode"] = "０３７－００５３", ["applicant.address"] = "", ["action"] = "postal:applicant.postalCode" });

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Contains("value=\"五所川原市布屋町\"", System.Net.WebUtility.HtmlDecode(await found.Content.ReadAsStringAsync()));
        var saved = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(step1));
        Assert.Contains("郵便番号から住所を入力する", saved);
        Assert.Contains("value=\"五所川原市布屋町\"", saved); // the suggestion is kept in the draft

        var unknown = await client.PostFormAsync(step1, new() { ["applicant.postalCode"] = "037-9999", ["applicant.address"] = "", ["action"] = "postal:applicant.postalCode" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("当てはまる住所が見つかりません", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AFileQuestionInsideARepeatedGroup_KeepsEachItemsOwnFile_AndRefusesOneThatLies()
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = (await client.PostFormAsync("/procedures/sodai-gomi/apply", new())).Headers.Location!.OriginalString;
        var firstItem = new Dictionary<string, string>
        {
            ["items.count"] = "1", ["items[0].kind"] = "furniture", ["items[0].description"] = "木製の整理たんす", ["items[0].count"] = "1",
            ["notRecyclingAppliances"] = "true", ["action"] = "add:items",
        };

        var added = await client.PostMultipartAsync(step0, firstItem, ("items[0].photo", "たんす.png", Png));

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var page = WebUtility.HtmlDecode(await added.Content.ReadAsStringAsync());
        Assert.Contains("name=\"items[1].photo\"", page);
        Assert.Contains("たんす.png", page);

        var bothItems = new Dictionary<string, string>(firstItem)
        {
            ["items.count"] = "2", ["items[1].kind"] = "bicycle", ["items[1].description"] = "子ども用自転車", ["items[1].count"] = "1", ["action"] = "next",
        };
        var lying = await client.PostMultipartAsync(step0, bothItems, ("items[1].photo", "jitensha.jpg", Encoding.UTF8.GetBytes("これは写真ではありません")));
        Assert.Equal(HttpStatusCode.BadRequest, lying.StatusCode);
        var refused = WebUtility.HtmlDecode(await lying.Content.ReadAsStringAsync());
        Assert.Contains("品物の写真（任意）は", refused);
        Assert.Contains("href=\"#items_1__photo\"", refused); // the error summary points at the item's own file box

        var next = await client.PostMultipartAsync(step0, bothItems);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        await using var db = Database.CreateContext();
        var answers = JsonNode.Parse((await db.Set<Madoguchi.Features.Casework.ApplicationDraft>().AsNoTracking().SingleAsync()).Answers)!;
        Assert.Equal("たんす.png", answers["items"]![0]!["photo"]!["name"]!.GetValue<string>());
        Assert.Equal("image/png", answers["items"]![0]!["photo"]!["contentType"]!.GetValue<string>());
        Assert.Null(answers["items"]![1]!["photo"]);
    }

    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Theory]
    [InlineData("0378686", "五所川原市字布屋町41番地1")]
    [InlineData("0370401", "五所川原市相内")]
    [InlineData("0370101", "青森県つがる市")]
    [InlineData("1000001", null)]
    [InlineData("037", null)]
    public async Task PostalCodes_SuggestTheCitysOwnAddressesWithoutThePrefecture(string code, string? expectedStart)
    {
        var suggestion = await App.WithServicesAsync(s => Task.FromResult(s.GetRequiredService<Madoguchi.Features.Procedures.Forms.PostalCodes>().Suggest(code)));

        if (expectedStart is null)
        {
            Assert.Null(suggestion);
        }
        else
        {
            Assert.StartsWith(expectedStart, suggestion);
        }
    }

    private async Task<List<PublishedProcedure>> OnlineFormsAsync() =>
        (await App.WithServicesAsync(s => s.GetRequiredService<ProcedureCatalog>().AllAsync())).Where(p => p.Definition.CanApplyHere).ToList();
}

public sealed class OnlineFormsTests_Sqlite() : OnlineFormsTests(Engine.Sqlite);

public sealed class OnlineFormsTests_PostgreSql() : OnlineFormsTests(Engine.PostgreSql);
