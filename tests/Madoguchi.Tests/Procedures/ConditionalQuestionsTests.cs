using System.Net;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Procedures;

/// <summary>
/// Found when the service was tried as a new user (issue 15): 「連絡を希望する」 revealed its questions only after 次へ,
/// and the page came back without saying why. The questions are now in the page from the start, hidden and disabled
/// (nothing of them is sent) for the script to reveal at once; without script the page says which questions appeared.
/// </summary>
public abstract class ConditionalQuestionsTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task HiddenQuestions_AreInThePage_DisabledForTheScript_AndWithoutScriptThePageSaysWhyItCameBack()
    {
        var browser = await App.SignInAsync(await App.CreateResidentAsync());
        var step0 = (await browser.PostFormAsync("/procedures/douro-sonshou-tsuuhou/apply", new())).Headers.Location!.OriginalString;
        var step1 = step0.Replace("/step/0", "/step/1", StringComparison.Ordinal);

        var before = WebUtility.HtmlDecode(await browser.GetStringAsync(step1));
        Assert.Contains("<fieldset class=\"conditional\" data-when-path=\"wantsReply\" data-when-values=\"[\"yes\"]\" hidden=\"hidden\" disabled=\"disabled\">", before);
        Assert.Contains("name=\"contact.phone\"", before);
        Assert.Contains("/js/conditional.js", before);
        Assert.DoesNotContain("質問が増えました", before);

        var cameBack = await browser.PostFormAsync(step1, new() { ["wantsReply"] = "yes", ["agree"] = "true", ["action"] = "next" });

        Assert.Equal(HttpStatusCode.OK, cameBack.StatusCode);
        var html = WebUtility.HtmlDecode(await cameBack.Content.ReadAsStringAsync());
        Assert.Contains("回答に応じて、続けてお答えいただく質問が増えました", html);
        Assert.Contains("<a href=\"#contact_phone\">電話番号</a>", html);
        Assert.Contains("<fieldset class=\"conditional\" data-when-path=\"wantsReply\" data-when-values=\"[\"yes\"]\">", html);
        Assert.DoesNotContain("class=\"error-summary\"", html);
    }
}

public sealed class ConditionalQuestionsTests_Sqlite() : ConditionalQuestionsTests(Engine.Sqlite);

public sealed class ConditionalQuestionsTests_PostgreSql() : ConditionalQuestionsTests(Engine.PostgreSql);
