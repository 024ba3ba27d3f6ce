using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Forms;
using Microsoft.AspNetCore.DataProtection;

namespace Madoguchi.Features.Applications;

/// <summary>
/// 個人番号 at rest: answers to <c>my-number</c> questions are stored encrypted (ASP.NET Core Data Protection,
/// purpose <see cref="Purpose"/>, authenticated encryption with rotating keys) in drafts and applications, so that a
/// database dump, a backup or a query by an operator shows no number. In memory, while the resident fills the form
/// and the server validates it, the number is plain; everything shown afterwards is masked except the authorised
/// staff view, which opens it explicitly (and audits that it did).
/// </summary>
public sealed class MyNumberVault(IDataProtectionProvider protection)
{
    public const string Purpose = "Madoguchi.MyNumber";

    /// <summary>Marks a sealed value inside stored answers (version 1 of the format).</summary>
    private const string SealedPrefix = "mn1:";

    private readonly IDataProtector protector = protection.CreateProtector(Purpose);

    /// <summary>The answers as stored: a copy in which every answer to a <c>my-number</c> question is sealed.</summary>
    public string Seal(FormDefinition form, JsonObject answers)
    {
        var copy = answers.DeepClone().AsObject();
        foreach (var step in form.Steps)
        {
            SealFields(step.Fields, copy);
        }

        return copy.ToJsonString();
    }

    /// <summary>Stored answers with 個人番号 in clear: for the resident's own draft and the audited staff view only.</summary>
    public JsonObject Open(string stored) => Transform(stored, protector.Unprotect);

    /// <summary>Stored answers with 個人番号 masked (●●●● ●●●● 1234): for copies, lists and the API.</summary>
    public JsonObject OpenMasked(string stored) => Transform(stored, sealedValue => Mask(protector.Unprotect(sealedValue)));

    /// <summary>Whether stored answers hold any 個人番号 (the staff view offers to show it only then).</summary>
    public static bool HoldsMyNumber(string stored) => stored.Contains($"\"{SealedPrefix}", StringComparison.Ordinal);

    /// <summary>Only the last four digits are shown, as on the card's own copies.</summary>
    public static string Mask(string value) =>
        value.Length == 12 && value.All(char.IsAsciiDigit) ? $"●●●● ●●●● {value[8..]}" : value;

    private void SealFields(IEnumerable<FormField> fields, JsonObject scope)
    {
        foreach (var field in fields)
        {
            var answer = AnswerPaths.Get(scope, field.Path);
            if (field.Widget == "my-number" && answer is JsonValue value && value.TryGetValue<string>(out var number) && !number.StartsWith(SealedPrefix, StringComparison.Ordinal))
            {
                AnswerPaths.Set(scope, field.Path, JsonValue.Create(SealedPrefix + protector.Protect(number)));
            }
            else if (field.Widget == "repeat" && answer is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    SealFields(field.Fields ?? [], item);
                }
            }
        }
    }

    private static JsonObject Transform(string stored, Func<string, string> open)
    {
        var root = JsonNode.Parse(stored)!.AsObject();
        if (HoldsMyNumber(stored))
        {
            Walk(root, open);
        }

        return root;
    }

    private static void Walk(JsonNode node, Func<string, string> open)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (IsSealed(child, out var sealedValue))
                    {
                        obj[name] = open(sealedValue);
                    }
                    else if (child is not null)
                    {
                        Walk(child, open);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsSealed(array[i], out var sealedValue))
                    {
                        array[i] = open(sealedValue);
                    }
                    else if (array[i] is { } child)
                    {
                        Walk(child, open);
                    }
                }

                break;
        }
    }

    private static bool IsSealed(JsonNode? node, out string sealedValue)
    {
        sealedValue = string.Empty;
        if (node is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith(SealedPrefix, StringComparison.Ordinal))
        {
            sealedValue = text[SealedPrefix.Length..];
            return true;
        }

        return false;
    }
}
