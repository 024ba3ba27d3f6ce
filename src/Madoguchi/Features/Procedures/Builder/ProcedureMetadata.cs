using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Ui;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder;

/// <summary>
/// What staff write about a procedure (everything but its questions), as typed: 名称, よみ, 分類, ライフイベント, 担当課,
/// 根拠法令, 説明, 申請できる人, 本人確認, 手数料, 添付書類, 標準処理期間, 受付の方法, 決裁.
/// </summary>
public sealed record ProcedureMetadata
{
    public string? Name { get; init; }

    public string? Yomi { get; init; }

    public string? Category { get; init; }

    public IReadOnlyList<string> LifeEvents { get; init; } = [];

    public string? Department { get; init; }

    public string? LegalBasis { get; init; }

    public string? MyNumberLegalBasis { get; init; }

    public string? Description { get; init; }

    public string? WhoSelf { get; init; }

    public string? WhoProxy { get; init; }

    public string? IdentityLevel { get; init; }

    /// <summary>none, fixed, or keep (a per-copy or computed fee as the definition has it).</summary>
    public string? FeeType { get; init; }

    public string? FeeAmount { get; init; }

    public string? FeeDescription { get; init; }

    /// <summary>添付書類, one a line; 「（任意）」 at the end makes one optional.</summary>
    public string? Attachments { get; init; }

    public string? StandardProcessingDays { get; init; }

    public IReadOnlyList<string> Channels { get; init; } = [];

    public bool RequiresApproval { get; init; }

    public string? Mode { get; init; }

    public string? ExternalUrl { get; init; }

    public const string Optional = "（任意）";

    public static readonly IReadOnlyList<string> IdentityLevels = ["none", "account", "mynumber-auth", "mynumber-signature"];

    public static readonly IReadOnlyList<string> ChannelKeys = ["online", "mynaportal", "counter", "post"];

    public static readonly IReadOnlyList<string> Modes = ["online-form", "guidance"];

    /// <summary>What a definition says, as the form shows it.</summary>
    public static ProcedureMetadata Of(JsonObject definition)
    {
        string? Text(JsonNode? node) => node?.GetValue<string>();
        var fee = definition["fee"] as JsonObject;
        var feeType = Text(fee?["type"]) ?? "none";
        return new ProcedureMetadata
        {
            Name = Text(definition["name"]), Yomi = Text(definition["yomi"]), Category = Text(definition["category"]),
            LifeEvents = (definition["lifeEvents"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [],
            Department = Text(definition["department"]), LegalBasis = Text(definition["legalBasis"]), MyNumberLegalBasis = Text(definition["myNumberLegalBasis"]),
            Description = Text(definition["description"]), WhoSelf = Text(definition["whoMayApply"]?["self"]), WhoProxy = Text(definition["whoMayApply"]?["proxy"]),
            IdentityLevel = Text(definition["identityLevel"]), FeeType = feeType is "none" or "fixed" ? feeType : "keep",
            FeeAmount = fee?["amount"]?.GetValue<int>().ToString(CultureInfo.InvariantCulture), FeeDescription = Text(fee?["description"]),
            Attachments = string.Join("\n", (definition["attachments"] as JsonArray ?? []).Select(a => Text(a!["name"]) + (a!["required"]?.GetValue<bool>() == true ? string.Empty : Optional))),
            StandardProcessingDays = definition["standardProcessingDays"]?.GetValue<int>().ToString(CultureInfo.InvariantCulture),
            Channels = (definition["channels"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [],
            RequiresApproval = definition["requiresApproval"]?.GetValue<bool>() == true, Mode = Text(definition["mode"]), ExternalUrl = Text(definition["externalUrl"]),
        };
    }

    /// <summary>
    /// The field errors of what was typed (keys are this record's property names, camel-cased), in Japanese; empty when
    /// it can be written into the definition. Whether the whole definition can be published is checked apart from this.
    /// </summary>
    public Dictionary<string, string> Check(IReadOnlySet<string> departments, bool hasForm, IStringLocalizer t)
    {
        var fields = new Dictionary<string, string>();
        if (Normalised(Name) is not { Length: > 0 and <= 100 })
        {
            fields["name"] = t["Builder.Error.Name"];
        }

        if (Normalised(Yomi) is not { Length: > 0 and <= 200 } yomi || !JapaneseText.ToHiragana(yomi).All(c => c is >= 'ぁ' and <= 'ゖ' or 'ー' or '・' or '　' or ' '))
        {
            fields["yomi"] = t["Builder.Error.Yomi"];
        }

        if (Category is null || !CatalogVocabulary.Categories.Contains(Category))
        {
            fields["category"] = t["Builder.Error.Choose"];
        }

        if (LifeEvents.Any(e => !CatalogVocabulary.LifeEvents.Contains(e)))
        {
            fields["lifeEvents"] = t["Builder.Error.Choose"];
        }

        if (Department is null || !departments.Contains(Department))
        {
            fields["department"] = t["Builder.Error.Choose"];
        }

        if (Normalised(Description) is not { Length: >= 10 and <= 2000 })
        {
            fields["description"] = t["Builder.Error.Description"];
        }

        if (Normalised(WhoSelf) is not { Length: > 0 and <= 300 })
        {
            fields["whoSelf"] = t["Builder.Error.WhoSelf"];
        }

        if (Normalised(WhoProxy) is { Length: > 500 })
        {
            fields["whoProxy"] = t["Builder.Error.TooLong", 500];
        }

        foreach (var (key, value, maximum) in new[] { ("legalBasis", LegalBasis, 300), ("myNumberLegalBasis", MyNumberLegalBasis, 300), ("feeDescription", FeeDescription, 300) })
        {
            if (Normalised(value) is { Length: var length } && length > maximum)
            {
                fields[key] = t["Builder.Error.TooLong", maximum];
            }
        }

        if (IdentityLevel is null || !IdentityLevels.Contains(IdentityLevel))
        {
            fields["identityLevel"] = t["Builder.Error.Choose"];
        }

        if (FeeType is not ("none" or "fixed" or "keep"))
        {
            fields["feeType"] = t["Builder.Error.Choose"];
        }
        else if (FeeType == "fixed" && Amount() is not (>= 1 and <= 1_000_000))
        {
            fields["feeAmount"] = t["Builder.Error.FeeAmount"];
        }

        if (AttachmentLines().ToList() is var lines && (lines.Count > 20 || lines.Any(l => l.Name.Length is 0 or > 100)))
        {
            fields["attachments"] = t["Builder.Error.Attachments"];
        }

        if (Folded(StandardProcessingDays) is { Length: > 0 } days && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 365))
        {
            fields["standardProcessingDays"] = t["Builder.Error.Days"];
        }

        if (Channels.Count == 0 || Channels.Any(c => !ChannelKeys.Contains(c)))
        {
            fields["channels"] = t["Builder.Error.Channels"];
        }

        if (Mode is null || !Modes.Contains(Mode))
        {
            fields["mode"] = t["Builder.Error.Choose"];
        }
        else if (Mode == "online-form" && !hasForm)
        {
            fields["mode"] = t["Builder.Error.NoQuestions"];
        }
        else if (Mode == "online-form" && !Channels.Contains("online"))
        {
            fields["channels"] = t["Builder.Error.OnlineChannel"];
        }

        var url = Folded(ExternalUrl);
        if (url is { Length: > 0 } && (url.Length > 500 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            fields["externalUrl"] = t["Builder.Error.ExternalUrl"];
        }
        else if (url is not { Length: > 0 } && Channels.Contains("mynaportal"))
        {
            fields["externalUrl"] = t["Builder.Error.MynaportalUrl"];
        }

        return fields;
    }

    /// <summary>Writes what was typed into the definition (checked first), keeping what this form does not edit.</summary>
    public void WriteInto(JsonObject definition)
    {
        definition["name"] = Normalised(Name);
        definition["yomi"] = JapaneseText.ToHiragana(Normalised(Yomi)!);
        definition["category"] = Category;
        Set(definition, "lifeEvents", LifeEvents.Count == 0 ? null : new JsonArray(CatalogVocabulary.LifeEvents.Where(LifeEvents.Contains).Select(e => (JsonNode)e!).ToArray()));
        definition["department"] = Department;
        Set(definition, "legalBasis", Normalised(LegalBasis) is { Length: > 0 } basis ? basis : null);
        Set(definition, "requiresApproval", RequiresApproval ? true : null);
        Set(definition, "myNumberLegalBasis", Normalised(MyNumberLegalBasis) is { Length: > 0 } myNumber ? myNumber : null);
        definition["description"] = Paragraphs(Description!);
        var who = new JsonObject { ["self"] = Normalised(WhoSelf) };
        if (Normalised(WhoProxy) is { Length: > 0 } proxy)
        {
            who["proxy"] = proxy;
        }

        definition["whoMayApply"] = who;
        definition["identityLevel"] = IdentityLevel;
        if (FeeType == "keep" && definition["fee"] is JsonObject asDefined)
        {
            // Counted as the definition says (per copy, from the answers): only its description is edited here.
            Set(asDefined, "description", Normalised(FeeDescription) is { Length: > 0 } about ? about : null);
        }
        else
        {
            var fee = new JsonObject { ["type"] = FeeType };
            if (FeeType == "fixed")
            {
                fee["amount"] = Amount();
            }

            if (Normalised(FeeDescription) is { Length: > 0 } described)
            {
                fee["description"] = described;
            }

            definition["fee"] = fee;
        }

        var earlier = (definition["attachments"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var attachments = new JsonArray();
        foreach (var (name, required) in AttachmentLines())
        {
            // An attachment kept by name keeps what this form does not show (its note, file types, size).
            var kept = earlier.FirstOrDefault(a => a["name"]?.GetValue<string>() == name)?.DeepClone() as JsonObject ?? new JsonObject { ["name"] = name };
            kept["required"] = required;
            attachments.Add(kept);
        }

        Set(definition, "attachments", attachments.Count == 0 ? null : attachments);
        Set(definition, "standardProcessingDays", Folded(StandardProcessingDays) is { Length: > 0 } days ? int.Parse(days, CultureInfo.InvariantCulture) : null);
        definition["channels"] = new JsonArray(ChannelKeys.Where(Channels.Contains).Select(c => (JsonNode)c!).ToArray());
        definition["mode"] = Mode;
        Set(definition, "externalUrl", Folded(ExternalUrl) is { Length: > 0 } url ? url : null);
    }

    private int? Amount() =>
        Folded(FeeAmount)?.Replace(",", string.Empty, StringComparison.Ordinal).Replace("円", string.Empty, StringComparison.Ordinal) is { Length: > 0 and <= 9 } digits &&
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var yen) ? yen : null;

    private IEnumerable<(string Name, bool Required)> AttachmentLines() =>
        (Attachments ?? string.Empty).Split('\n').Select(line => Normalised(line) ?? string.Empty).Where(line => line.Length > 0).Take(21)
            .Select(line => line.EndsWith(Optional, StringComparison.Ordinal) ? (line[..^Optional.Length].Trim(), false) : (line, true));

    private static void Set(JsonObject definition, string key, JsonNode? value)
    {
        if (value is null)
        {
            definition.Remove(key);
        }
        else
        {
            definition[key] = value;
        }
    }

    /// <summary>Trimmed; the text itself as written (full-width （） and ： are the city's style, not to be folded).</summary>
    private static string? Normalised(string? text) => text?.Trim();

    /// <summary>NFKC and trimmed, for numbers and addresses typed in full width (１２０ → 120).</summary>
    private static string? Folded(string? text) => text?.Normalize(System.Text.NormalizationForm.FormKC).Trim();

    /// <summary>A description keeps its lines (as \n) but not the browser's \r.</summary>
    private static string Paragraphs(string text) => Normalised(text)!.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}
