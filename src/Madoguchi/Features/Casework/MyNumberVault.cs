using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Forms;
using Microsoft.AspNetCore.DataProtection;

namespace Madoguchi.Features.Casework;

/// <summary>
/// 個人番号 at rest: answers to <c>my-number</c> questions are stored encrypted (ASP.NET Core Data Protection,
/// purpose <see cref="Purpose"/>, authenticated encryption with rotating keys) in drafts and applications, so that a
/// database dump, a backup or a query by an operator shows no number. In memory, while the resident fills the form
/// and the server validates it, the number is plain; everything shown afterwards is masked except the authorised
/// staff view, which opens it explicitly (and audits that it did).
/// <para>
/// Which values are sealed is known from the form the answers were given to (its <c>my-number</c> fields), never from
/// what a value looks like: a resident's free text that happens to look sealed is only text. A sealed value that
/// cannot be opened (a lost key, an edited row) becomes 「（読み取れません）」 (resource <c>MyNumber.Unreadable</c>) for that one
/// answer and is logged,
/// so that one bad record never stops a page, an API answer or an export.
/// </para>
/// </summary>
public sealed class MyNumberVault(IDataProtectionProvider protection, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t, ILogger<MyNumberVault> logger)
{
    public const string Purpose = "Madoguchi.MyNumber";

    /// <summary>The version of the sealed format, kept in front of each sealed value (not used to find them).</summary>
    private const string SealedPrefix = "mn1:";

    private readonly IDataProtector protector = protection.CreateProtector(Purpose);

    /// <summary>The answers as stored: a copy in which every answer to a <c>my-number</c> question is sealed.</summary>
    public string Seal(FormDefinition form, JsonObject answers)
    {
        var copy = answers.DeepClone().AsObject();
        Visit(form, copy, (value, set) =>
        {
            if (value.TryGetValue<string>(out var number))
            {
                set(JsonValue.Create(SealedPrefix + protector.Protect(number)));
            }
        });
        return copy.ToJsonString();
    }

    /// <summary>Stored answers with 個人番号 in clear: for the resident's own draft and the audited staff view only.</summary>
    public JsonObject Open(FormDefinition form, string stored) => Transform(form, stored, masked: false);

    /// <summary>Stored answers with 個人番号 masked (●●●● ●●●● 1234): for copies, lists and the API.</summary>
    public JsonObject OpenMasked(FormDefinition form, string stored) => Transform(form, stored, masked: true);

    /// <summary>Whether stored answers hold any 個人番号 (the staff view offers to show it only then).</summary>
    public static bool HoldsMyNumber(FormDefinition form, string stored)
    {
        var found = false;
        Visit(form, JsonNode.Parse(stored)!.AsObject(), (value, _) => found |= value.TryGetValue<string>(out var text) && text.Length > 0);
        return found;
    }

    /// <summary>Only the last four digits are shown, as on the card's own copies.</summary>
    public static string Mask(string value) =>
        value.Length == 12 && value.All(char.IsAsciiDigit) ? $"●●●● ●●●● {value[8..]}" : value;

    private JsonObject Transform(FormDefinition form, string stored, bool masked)
    {
        var root = JsonNode.Parse(stored)!.AsObject();
        Visit(form, root, (value, set) =>
        {
            if (value.TryGetValue<string>(out var text))
            {
                var clear = Unseal(text);
                set(JsonValue.Create(masked ? Mask(clear) : clear));
            }
        });
        return root;
    }

    private string Unseal(string text)
    {
        if (!text.StartsWith(SealedPrefix, StringComparison.Ordinal))
        {
            // Stored before sealing existed, or by a path that did not seal: shown as it is (and masked where masked).
            return text;
        }

        try
        {
            return protector.Unprotect(text[SealedPrefix.Length..]);
        }
        catch (CryptographicException)
        {
            logger.LogWarning("A sealed 個人番号 could not be opened (its key is missing or the value was altered).");
            return t["MyNumber.Unreadable"];
        }
    }

    /// <summary>Calls <paramref name="visit"/> for each answer to a <c>my-number</c> question, inside repeated groups too.</summary>
    private static void Visit(FormDefinition form, JsonObject answers, Action<JsonValue, Action<JsonNode?>> visit)
    {
        foreach (var step in form.Steps)
        {
            Visit(step.Fields, answers, visit);
        }
    }

    private static void Visit(IEnumerable<FormField> fields, JsonObject scope, Action<JsonValue, Action<JsonNode?>> visit)
    {
        foreach (var field in fields)
        {
            var answer = AnswerPaths.Get(scope, field.Path);
            if (field.Widget == "my-number" && answer is JsonValue value)
            {
                visit(value, replacement => AnswerPaths.Set(scope, field.Path, replacement));
            }
            else if (field.Widget == "repeat" && answer is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    Visit(field.Fields ?? [], item, visit);
                }
            }
        }
    }
}
