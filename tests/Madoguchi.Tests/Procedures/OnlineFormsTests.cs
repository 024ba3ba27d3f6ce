using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Procedures;

/// <summary>The catalog's size promise, and every online form in it working end to end on the web and the API.</summary>
public abstract class OnlineFormsTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly string[] MovingProcedures = ["tenshutsu-todoke", "tennyu-yoyaku", "tenkyo-todoke"];

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
