using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Forms;

namespace Madoguchi.Features.Procedures.Fees;

/// <summary>A fee as counted for one application: the yen owed (0 when none or waived) and its lines, for the 納付書 and the pages.</summary>
public sealed record FeeDue(int Amount, IReadOnlyList<FeeDueLine> Lines, bool Exempt)
{
    public static readonly FeeDue None = new(0, [], false);
}

public sealed record FeeDueLine(string Label, int UnitAmount, int Count)
{
    public int Amount => UnitAmount * Count;
}

/// <summary>
/// Counts a procedure's fee from the answers given (validated already): fixed, per copy, or by the procedure's lines;
/// waived when the exemption rule holds. A computed fee without lines (words only: a park's fee by area and days, bulky
/// waste by item) cannot be counted when applying; the 課 settles it later (a 納付書 after the decision): 0 here.
/// </summary>
public static class FeeCalculator
{
    /// <summary>The most copies counted on one line: far above any form's own limit, so a bad answer cannot overflow.</summary>
    private const int MaximumCount = 1000;

    public static FeeDue Count(Fee fee, JsonObject answers)
    {
        if (fee.Type == "none")
        {
            return FeeDue.None;
        }

        var lines = fee.Type switch
        {
            "fixed" => [new FeeDueLine(fee.Description ?? string.Empty, fee.Amount ?? 0, 1)],
            "per-copy" => [new FeeDueLine(fee.Description ?? string.Empty, fee.Amount ?? 0, CountAt(answers, fee.Copies ?? "copies"))],
            _ => (fee.Lines ?? []).Select(l => new FeeDueLine(l.Label, l.Amount, l.Count is null ? 1 : CountAt(answers, l.Count))).ToList(),
        };
        lines = lines.Where(l => l.Count > 0).ToList();
        if (fee.ExemptWhen is { } rule && Holds(rule, answers))
        {
            return new FeeDue(0, lines, true);
        }

        return new FeeDue(lines.Sum(l => l.Amount), lines, false);
    }

    /// <summary>Whether a fee can be counted from a form's answers (and so paid when applying online).</summary>
    public static bool IsCountable(Fee fee) => fee.Type is "fixed" or "per-copy" || (fee.Type == "computed" && fee.Lines is { Count: > 0 });

    private static int CountAt(JsonObject answers, string path) =>
        AnswerPaths.Get(answers, path) is JsonValue value && long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? (int)Math.Clamp(count, 0, MaximumCount)
            : 0;

    private static bool Holds(VisibleWhen rule, JsonObject answers)
    {
        var answer = AnswerPaths.Get(answers, rule.Path);
        if (rule.In is { } options)
        {
            return answer is JsonValue v && options.Contains(v.ToString());
        }

        return JsonNode.DeepEquals(answer, rule.EqualTo);
    }
}
