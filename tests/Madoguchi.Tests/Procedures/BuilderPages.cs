using System.Net;
using System.Text.RegularExpressions;

namespace Madoguchi.Tests.Procedures;

/// <summary>The builder's pages driven as a browser without script would: a page's fields read back and posted with its token.</summary>
internal static class BuilderPages
{
    public static string Revision(string page) => Regex.Match(page, "name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value;

    /// <summary>The metadata form's fields as the page shows them (the page's own values, to post back; a field ticked twice twice).</summary>
    public static List<KeyValuePair<string, string>> Fields(string page)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Revision", Revision(page)) };
        foreach (Match input in Regex.Matches(page, "<input[^>]*>"))
        {
            var tag = input.Value;
            var name = Regex.Match(tag, "name=\"([^\"]+)\"").Groups[1].Value;
            var value = WebUtility.HtmlDecode(Regex.Match(tag, "value=\"([^\"]*)\"").Groups[1].Value);
            var type = Regex.Match(tag, "type=\"([^\"]+)\"").Groups[1].Value;
            if (name is "" or "__RequestVerificationToken" or "Revision" || ((type is "radio" or "checkbox") && !tag.Contains("checked", StringComparison.Ordinal)))
            {
                continue;
            }

            fields.Add(new(name, value));
        }

        foreach (Match area in Regex.Matches(page, "<textarea[^>]*name=\"([^\"]+)\"[^>]*>([^<]*)</textarea>"))
        {
            fields.Add(new(area.Groups[1].Value, WebUtility.HtmlDecode(area.Groups[2].Value).TrimStart('\n')));
        }

        foreach (Match select in Regex.Matches(page, "<select[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline))
        {
            var chosen = Regex.Matches(select.Groups[2].Value, "<option[^>]*>").Select(o => o.Value).FirstOrDefault(o => o.Contains("selected", StringComparison.Ordinal)) ?? string.Empty;
            fields.Add(new(select.Groups[1].Value, WebUtility.HtmlDecode(Regex.Match(chosen, "value=\"([^\"]*)\"").Groups[1].Value)));
        }

        return fields;
    }

    public static List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> fields, string name, string value) =>
        [.. fields.Where(f => f.Key != name), new(name, value)];

    /// <summary>Posts the fields as a browser would (a name may repeat), with the antiforgery token of <paramref name="formPage"/>.</summary>
    public static async Task<HttpResponseMessage> PostFieldsAsync(HttpClient browser, string url, List<KeyValuePair<string, string>> fields, string formPage)
    {
        var form = await browser.GetStringAsync(formPage);
        var token = WebUtility.HtmlDecode(Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        return await browser.PostAsync(url, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }
}
