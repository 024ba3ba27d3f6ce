using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>
/// What a post of one step does beyond binding and validating, the same for a resident's application and the builder's
/// preview: 「…を追加する」 adds an item to one of the step's repeated groups, and questions that an answer has just
/// brought into view are shown without errors until they have been seen.
/// </summary>
public static class FormSteps
{
    /// <summary>
    /// "add:&lt;path&gt;" naming a repeated group of this step adds an empty item (up to the group's limit); any other path,
    /// a hostile one too, adds nothing. The count the browser will post next is returned with it.
    /// </summary>
    public static bool AddItem(FormStep step, string? action, JsonObject answers)
    {
        if (action?.StartsWith("add:", StringComparison.Ordinal) != true)
        {
            return false;
        }

        var path = action[4..];
        if (step.Fields.FirstOrDefault(f => f.Widget == "repeat" && f.Path == path) is not { } group)
        {
            return false;
        }

        if (AnswerPaths.Get(answers, path) is not JsonArray items)
        {
            items = [];
            AnswerPaths.Set(answers, path, items);
        }

        if (items.Count < (group.MaxItems ?? 20))
        {
            items.Add(new JsonObject());
        }

        return true;
    }

    /// <summary>The posted values with a group's item count as it is now (after <see cref="AddItem"/>).</summary>
    public static Dictionary<string, StringValues> WithCount(IReadOnlyDictionary<string, StringValues> posted, string path, JsonObject answers) =>
        new(posted) { [$"{path}.count"] = ((AnswerPaths.Get(answers, path) as JsonArray)?.Count ?? 0).ToString(CultureInfo.InvariantCulture) };

    /// <summary>
    /// Questions of the step that the answers now show but that were not on the page posted (top-level ones, and inside
    /// a repeated group those that depend on their own item's answer, which appear once that answer is saved).
    /// </summary>
    public static IReadOnlyList<string> NewlyShown(FormStep step, IReadOnlyDictionary<string, StringValues> posted, JsonObject answers)
    {
        bool Unseen(FormField field, string path) =>
            field.VisibleWhen is not null && FormValidator.IsVisible(field, path, answers) && !posted.Keys.Any(k => k == path || k.StartsWith(path + ".", StringComparison.Ordinal));
        return step.Fields.Where(f => Unseen(f, f.Path)).Select(f => f.Path)
            .Concat(step.Fields.Where(f => f.Widget == "repeat").SelectMany(group =>
                Enumerable.Range(0, (AnswerPaths.Get(answers, group.Path) as JsonArray)?.Count ?? 0)
                    .SelectMany(i => (group.Fields ?? []).Select(child => (child, Path: $"{group.Path}[{i}].{child.Path}")))
                    .Where(c => Unseen(c.child, c.Path)).Select(c => c.Path)))
            .ToList();
    }

    /// <summary>Problems, less those of questions just brought into view (not yet seen, so not yet wrong).</summary>
    public static List<KeyValuePair<string, string>> NotNewlyShown(IEnumerable<KeyValuePair<string, string>> problems, IReadOnlyList<string> newlyShown) =>
        problems.Where(p => !newlyShown.Any(n => p.Key == n || p.Key.StartsWith(n + ".", StringComparison.Ordinal))).ToList();

    /// <summary>The label of a question of a step by its answer path (inside a group: the group's item number with it).</summary>
    public static string LabelOf(FormStep step, string path)
    {
        if (step.Fields.FirstOrDefault(f => f.Path == path) is { } field)
        {
            return field.Label;
        }

        var open = path.IndexOf('[', StringComparison.Ordinal);
        var close = path.IndexOf("].", StringComparison.Ordinal);
        var group = step.Fields.FirstOrDefault(f => open > 0 && f.Path == path[..open]);
        var child = group?.Fields?.FirstOrDefault(c => close > open && c.Path == path[(close + 2)..]);
        return child is null || !int.TryParse(path.AsSpan(open + 1, close - open - 1), out var index)
            ? path
            : $"{child.Label}（{group!.ItemLabel ?? group.Label} {index + 1}）";
    }
}
