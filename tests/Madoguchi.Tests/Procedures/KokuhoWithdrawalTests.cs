using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Procedures;

/// <summary>国民健康保険の脱退 online: a repeated group (each person leaving), a choice with a follow-up, a required document.</summary>
public abstract partial class KokuhoWithdrawalTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task Householder_ReportsTwoPeopleLeaving_WithProof()
    {
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var started = await client.PostFormAsync("/procedures/kokuho-dattai/apply", new());
        var step0 = started.Headers.Location!.OriginalString;

        var householder = await client.PostFormAsync(step0, new()
        {
            ["householder.name"] = "五所川原 太郎", ["householder.kana"] = "ごしょがわら たろう",
            ["householder.birthDate.Era"] = "Showa", ["householder.birthDate.Year"] = "55", ["householder.birthDate.Month"] = "7", ["householder.birthDate.Day"] = "10",
            ["householder.postalCode"] = "037-0053", ["householder.address"] = "五所川原市字布屋町", ["householder.phone"] = "0173-35-2111", ["action"] = "next",
        });
        var step1 = householder.Headers.Location!.OriginalString;

        var added = await client.PostFormAsync(step1, new()
        {
            ["leavers.count"] = "1", ["leavers[0].name"] = "五所川原 太郎", ["leavers[0].kana"] = "ゴショガワラ タロウ",
            ["leavers[0].birthDate.Era"] = "Showa", ["leavers[0].birthDate.Year"] = "55", ["leavers[0].birthDate.Month"] = "7", ["leavers[0].birthDate.Day"] = "10",
            ["action"] = "add:leavers",
        });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("name=\"leavers[1].name\"", await added.Content.ReadAsStringAsync());

        var leavers = await client.PostFormAsync(step1, new()
        {
            ["leavers.count"] = "2",
            ["leavers[0].name"] = "五所川原 太郎", ["leavers[0].kana"] = "ゴショガワラ タロウ",
            ["leavers[0].birthDate.Era"] = "Showa", ["leavers[0].birthDate.Year"] = "55", ["leavers[0].birthDate.Month"] = "7", ["leavers[0].birthDate.Day"] = "10",
            ["leavers[1].name"] = "五所川原 花子", ["leavers[1].kana"] = "ごしょがわら はなこ",
            ["leavers[1].birthDate.Era"] = "Heisei", ["leavers[1].birthDate.Year"] = "20", ["leavers[1].birthDate.Month"] = "1", ["leavers[1].birthDate.Day"] = "5",
            ["action"] = "next",
        });
        Assert.Equal(HttpStatusCode.Redirect, leavers.StatusCode);
        var step2 = leavers.Headers.Location!.OriginalString;

        var withoutProof = await PostStep2Async(client, step2, attach: false);
        Assert.Equal(HttpStatusCode.BadRequest, withoutProof.StatusCode);
        Assert.Contains("新しい健康保険の資格がわかる書類を添付してください", await withoutProof.Content.ReadAsStringAsync());

        var withProof = await PostStep2Async(client, step2, attach: true);
        Assert.Equal(HttpStatusCode.Redirect, withProof.StatusCode);
        var submitted = await client.PostFormAsync(withProof.Headers.Location!.OriginalString, new() { ["declaration"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);

        await using var db = Database.CreateContext();
        var answers = JsonNode.Parse((await db.Set<Madoguchi.Features.Casework.Application>().SingleAsync()).Answers)!;
        Assert.Equal(2, answers["leavers"]!.AsArray().Count);
        Assert.Equal("ゴショガワラ　ハナコ", answers["leavers"]![1]!["kana"]!.GetValue<string>());
        Assert.Equal("application/pdf", answers["proof"]!["contentType"]!.GetValue<string>());
        Assert.Equal("0370053", answers["householder"]!["postalCode"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> PostStep2Async(HttpClient client, string step, bool attach)
    {
        var page = await client.GetStringAsync(step);
        var token = Token().Match(page).Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new StringContent("employment"), "reason" },
            { new StringContent("kyokai"), "newInsurance.type" },
            { new StringContent("Reiwa"), "newInsurance.startDate.Era" },
            { new StringContent("8"), "newInsurance.startDate.Year" },
            { new StringContent("11"), "newInsurance.startDate.Month" },
            { new StringContent("1"), "newInsurance.startDate.Day" },
            { new StringContent("true"), "agree" },
            { new StringContent("next"), "action" },
        };
        if (attach)
        {
            var pdf = new ByteArrayContent("%PDF-1.4\n% 資格情報のお知らせ\n"u8.ToArray());
            pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(pdf, "proof", "shikaku.pdf");
        }

        return await client.PostAsync(step, form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

public sealed class KokuhoWithdrawalTests_Sqlite() : KokuhoWithdrawalTests(Engine.Sqlite);

public sealed class KokuhoWithdrawalTests_PostgreSql() : KokuhoWithdrawalTests(Engine.PostgreSql);
