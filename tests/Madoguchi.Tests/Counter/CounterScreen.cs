using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Madoguchi.Tests.Counter;

/// <summary>Reads 書かない窓口's forms screen as a browser would post it.</summary>
public static class CounterScreen
{
    /// <summary>The screen's form as a browser would send it: every field with its value, checked choices only.</summary>
    public static async Task<Dictionary<string, string>> ValuesAsync(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var document = new HtmlParser().ParseDocument(html);
        var form = document.QuerySelectorAll("form").OfType<IHtmlFormElement>().First(f => f.Enctype == "multipart/form-data");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "file" or "submit" }:
                    break;
                case IHtmlInputElement { Type: "radio" or "checkbox" } choice:
                    if (choice.IsChecked && !choice.IsDisabled)
                    {
                        values[choice.Name!] = choice.Value;
                    }

                    break;
                case IHtmlInputElement input when input.Name is { Length: > 0 } && !input.IsDisabled && input.Name != "__RequestVerificationToken":
                    values[input.Name] = input.Value;
                    break;
                case IHtmlSelectElement select when select.Name is { Length: > 0 }:
                    values[select.Name] = select.Value ?? string.Empty;
                    break;
                case IHtmlTextAreaElement area when area.Name is { Length: > 0 }:
                    values[area.Name] = area.Value;
                    break;
            }
        }

        return values;
    }
}
