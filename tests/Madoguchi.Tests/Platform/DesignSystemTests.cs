using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Platform;

/// <summary>The form building blocks, exercised through the sample form on the design-system page.</summary>
public abstract partial class DesignSystemTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task ValidInput_IsNormalised_HiraganaToKatakana_AndEraDateShownInBothCalendars()
    {
        var response = await PostAsync(new()
        {
            ["Input.Name"] = "五所川原　花子",
            ["Input.Kana"] = "ごしょがわら　はなこ",
            ["Input.BirthDate.Era"] = "Showa",
            ["Input.BirthDate.Year"] = "５０",
            ["Input.BirthDate.Month"] = "4",
            ["Input.BirthDate.Day"] = "1",
            ["Input.Phone"] = "０１７３－３５－２１１１",
            ["Input.People"] = "2",
            ["Input.Delivery"] = "post",
            ["Input.Department"] = "shimin",
            ["Input.Agree"] = "true",
        }, ("%PDF-1.7\n", "request.pdf"));

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("ゴショガワラ　ハナコ", html);
        Assert.Contains("昭和50年（1975年）4月1日", html);
        Assert.Contains("0173352111", html);
        Assert.Contains("application/pdf", html);
    }

    [Fact]
    public async Task InvalidInput_ListsEveryProblem_NextToItsField_AndKeepsWhatWasTyped()
    {
        var response = await PostAsync(new()
        {
            ["Input.Name"] = "",
            ["Input.Kana"] = "Hanako",
            ["Input.BirthDate.Era"] = "Heisei",
            ["Input.BirthDate.Year"] = "31",
            ["Input.BirthDate.Month"] = "5",
            ["Input.BirthDate.Day"] = "1",
            ["Input.Phone"] = "12345",
            ["Input.People"] = "たくさん",
            ["Input.Department"] = "no-such-ka",
            ["Input.Agree"] = "false",
        }, ("just some text", "request.pdf"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var message in new[]
                 {
                     "氏名を入力してください", "フリガナはカタカナで入力してください", "その元号にない日付です", "電話番号は0から始まる",
                     "人数は1から20までの数字", "受け取り方法を選んでください", "一覧から担当課を選んでください",
                     "添付ファイルは PDF、JPEG、PNG のいずれか", "チェックを入れてください",
                 })
        {
            Assert.Contains(message, html);
        }

        foreach (var anchor in new[] { "#Input_Name", "#Input_Kana", "#Input_BirthDate", "#Input_Delivery", "#Input_Attachment", "#Input_Agree" })
        {
            Assert.Contains($"href=\"{anchor}\"", html);
        }

        Assert.Equal(IdsOfErrorSummaryLinks(html).Count, IdsOfErrorSummaryLinks(html).Distinct().Count());
        Assert.Contains("value=\"Hanako\"", html);
        Assert.Contains("value=\"たくさん\"", html);
    }

    private async Task<HttpResponseMessage> PostAsync(Dictionary<string, string> fields, (string Content, string FileName)? file)
    {
        var client = App.CreateBrowser();
        var page = await (await client.GetAsync("/design-system")).Content.ReadAsStringAsync();
        var token = Token().Match(page).Groups[1].Value;
        using var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }

        form.Add(new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken");
        if (file is { } f)
        {
            var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(f.Content));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(content, "Input.Attachment", f.FileName);
        }

        return await client.PostAsync("/design-system", form);
    }

    private static List<string> IdsOfErrorSummaryLinks(string html) =>
        SummaryLink().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<li><a href=\"#([^\"]+)\">")]
    private static partial Regex SummaryLink();
}

public sealed class DesignSystemTests_Sqlite() : DesignSystemTests(Engine.Sqlite);

public sealed class DesignSystemTests_PostgreSql() : DesignSystemTests(Engine.PostgreSql);
