using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder.Versions;

/// <summary>One change between two versions, in the words a resident would use: <see cref="Area"/> is about or form.</summary>
public sealed record VersionChange(string Area, string Text);

/// <summary>
/// What changed between two definitions of a procedure, as a resident would see it (decision 0020 §19): the guidance
/// (name, who may apply, identity, fee, attachments, processing days, channels) and the form (steps; questions added,
/// removed, renamed, moved, made required or optional, their choices, limits, conditions and prefills). Questions are
/// matched by key, so a renamed question reads as renamed, not as one removed and one added. Pure and linear in the
/// size of the two forms (each question's settings are read once).
/// </summary>
public static class VersionDiff
{
    public const string About = "about";

    public const string Form = "form";

    /// <summary>The changes from <paramref name="before"/> (null: a new procedure) to <paramref name="after"/>.</summary>
    public static IReadOnlyList<VersionChange> Between(JsonObject? before, JsonObject after, Func<string?, string> departmentName, IStringLocalizer t)
    {
        if (before is null)
        {
            return [new VersionChange(About, t["Builder.Diff.New"])];
        }

        var changes = new List<VersionChange>();
        AboutChanges(before, after, departmentName, t, changes);
        FormChanges(before, after, t, changes);
        return changes;
    }

    private static void AboutChanges(JsonObject before, JsonObject after, Func<string?, string> departmentName, IStringLocalizer t, List<VersionChange> changes)
    {
        var was = ProcedureMetadata.Of(before);
        var now = ProcedureMetadata.Of(after);
        void Value(string field, string? from, string? to)
        {
            if (!string.Equals(from ?? string.Empty, to ?? string.Empty, StringComparison.Ordinal))
            {
                changes.Add(new VersionChange(About, t["Builder.Diff.Changed", t[$"Builder.Diff.Field.{field}"], Shown(from, t), Shown(to, t)]));
            }
        }

        void Rewritten(string field, string? from, string? to)
        {
            if (!string.Equals(from ?? string.Empty, to ?? string.Empty, StringComparison.Ordinal))
            {
                changes.Add(new VersionChange(About, t["Builder.Diff.Rewritten", t[$"Builder.Diff.Field.{field}"]]));
            }
        }

        void Lists(string field, IEnumerable<string> from, IEnumerable<string> to)
        {
            var (added, removed) = Difference(from, to);
            changes.AddRange(added.Select(item => new VersionChange(About, t["Builder.Diff.Added", t[$"Builder.Diff.Field.{field}"], item])));
            changes.AddRange(removed.Select(item => new VersionChange(About, t["Builder.Diff.Removed", t[$"Builder.Diff.Field.{field}"], item])));
        }

        Value("name", was.Name, now.Name);
        Value("yomi", was.Yomi, now.Yomi);
        Value("category", was.Category, now.Category);
        Lists("lifeEvents", was.LifeEvents, now.LifeEvents);
        Value("department", departmentName(was.Department), departmentName(now.Department));
        Rewritten("description", was.Description, now.Description);
        Value("whoSelf", was.WhoSelf, now.WhoSelf);
        Value("whoProxy", was.WhoProxy, now.WhoProxy);
        Value("legalBasis", was.LegalBasis, now.LegalBasis);
        Value("identityLevel", Label(t, "Builder.Identity.", was.IdentityLevel), Label(t, "Builder.Identity.", now.IdentityLevel));
        Value("myNumberLegalBasis", was.MyNumberLegalBasis, now.MyNumberLegalBasis);
        var (feeBefore, feeAfter) = (FeeText(before, t), FeeText(after, t));
        if (feeBefore != feeAfter)
        {
            Value("fee", feeBefore, feeAfter);
        }
        else if (!JsonNode.DeepEquals(before["fee"], after["fee"]))
        {
            changes.Add(new VersionChange(About, t["Builder.Diff.FeeRule"]));
        }

        Lists("attachments", Lines(was.Attachments), Lines(now.Attachments));
        Value("days", Days(was.StandardProcessingDays, t), Days(now.StandardProcessingDays, t));
        Lists("channels", was.Channels.Select(c => Label(t, "Builder.Channel.", c)!), now.Channels.Select(c => Label(t, "Builder.Channel.", c)!));
        Value("mode", Label(t, "Builder.Mode.", was.Mode), Label(t, "Builder.Mode.", now.Mode));
        Value("externalUrl", was.ExternalUrl, now.ExternalUrl);
        Value("requiresApproval", t[was.RequiresApproval ? "Builder.Diff.Needed" : "Builder.Diff.NotNeeded"], t[now.RequiresApproval ? "Builder.Diff.Needed" : "Builder.Diff.NotNeeded"]);
    }

    private sealed record Asked(QuestionView Question, StepView Step, QuestionSettings? Settings);

    private static void FormChanges(JsonObject before, JsonObject after, IStringLocalizer t, List<VersionChange> changes)
    {
        var stepsBefore = FormDesign.Steps(before);
        var stepsAfter = FormDesign.Steps(after);
        void Add(string key, params object[] arguments) => changes.Add(new VersionChange(Form, t[key, arguments]));

        var earlierSteps = stepsBefore.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var step in stepsAfter)
        {
            if (!earlierSteps.TryGetValue(step.Id, out var earlier))
            {
                Add("Builder.Diff.StepAdded", step.Title);
                continue;
            }

            if (earlier.Title != step.Title)
            {
                Add("Builder.Diff.StepRenamed", earlier.Title, step.Title);
            }

            if ((earlier.Intro ?? string.Empty) != (step.Intro ?? string.Empty))
            {
                Add("Builder.Diff.StepIntro", step.Title);
            }
        }

        var laterSteps = stepsAfter.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in stepsBefore.Where(s => !laterSteps.Contains(s.Id)))
        {
            Add("Builder.Diff.StepRemoved", gone.Title);
        }

        var kept = stepsAfter.Where(s => earlierSteps.ContainsKey(s.Id)).Select(s => s.Id).ToList();
        if (!kept.SequenceEqual(stepsBefore.Where(s => laterSteps.Contains(s.Id)).Select(s => s.Id)))
        {
            Add("Builder.Diff.StepOrder", string.Join("→", stepsAfter.Select(s => s.Title)));
        }

        var askedBefore = Questions(before, stepsBefore, t);
        var askedAfter = Questions(after, stepsAfter, t);
        var earlierQuestions = askedBefore.ToDictionary(a => a.Question.Key, StringComparer.Ordinal);
        foreach (var asked in askedAfter)
        {
            var label = asked.Question.Label;
            if (!earlierQuestions.TryGetValue(asked.Question.Key, out var earlier))
            {
                Add("Builder.Diff.QuestionAdded", label, asked.Step.Title, t[asked.Question.Required ? "Builder.Form.Required" : "Builder.Form.Optional"]);
                continue;
            }

            QuestionChanges(earlier, asked, askedAfter, t, Add);
        }

        var laterKeys = askedAfter.Select(a => a.Question.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in askedBefore.Where(a => !laterKeys.Contains(a.Question.Key)))
        {
            Add("Builder.Diff.QuestionRemoved", gone.Question.Label);
        }

        // Within each step, of the questions that were in it before too, those outside the longest run kept in order are
        // the ones moved; a question that changed step was said to have moved above.
        var positions = askedBefore.Select((a, index) => (a.Question.Key, index)).ToDictionary(p => p.Key, p => p.index, StringComparer.Ordinal);
        foreach (var step in askedAfter.GroupBy(a => a.Step.Id))
        {
            var stayed = step.Where(a => earlierQuestions.TryGetValue(a.Question.Key, out var earlier) && earlier.Step.Id == step.Key).ToList();
            var inOrder = LongestIncreasing(stayed.Select(a => positions[a.Question.Key]).ToList());
            for (var i = 0; i < stayed.Count; i++)
            {
                if (!inOrder.Contains(i))
                {
                    Add("Builder.Diff.QuestionReordered", stayed[i].Question.Label);
                }
            }
        }
    }

    private static void QuestionChanges(Asked earlier, Asked asked, IReadOnlyList<Asked> all, IStringLocalizer t, Action<string, object[]> add)
    {
        var label = asked.Question.Label;
        if (earlier.Question.Label != label)
        {
            add("Builder.Diff.QuestionRenamed", [earlier.Question.Label, label]);
        }

        if (earlier.Step.Id != asked.Step.Id)
        {
            add("Builder.Diff.QuestionMoved", [label, earlier.Step.Title, asked.Step.Title]);
        }

        if (earlier.Question.Widget != asked.Question.Widget)
        {
            add("Builder.Diff.QuestionWidget", [label, Label(t, "Builder.Widget.", earlier.Question.Widget)!, Label(t, "Builder.Widget.", asked.Question.Widget)!]);
        }

        if (earlier.Question.Required != asked.Question.Required)
        {
            add(asked.Question.Required ? "Builder.Diff.QuestionRequired" : "Builder.Diff.QuestionOptional", [label]);
        }

        if (earlier.Settings is not { } was || asked.Settings is not { } now)
        {
            return;
        }

        var (added, removed) = Difference(Lines(was.Options), Lines(now.Options));
        foreach (var option in added)
        {
            add("Builder.Diff.OptionAdded", [label, option]);
        }

        foreach (var option in removed)
        {
            add("Builder.Diff.OptionRemoved", [label, option]);
        }

        void Setting(string field, string? from, string? to)
        {
            if (!string.Equals(from ?? string.Empty, to ?? string.Empty, StringComparison.Ordinal))
            {
                add("Builder.Diff.QuestionSetting", [label, t[$"Builder.Diff.Field.{field}"], Shown(from, t), Shown(to, t)]);
            }
        }

        Setting("hint", was.Hint, now.Hint);
        Setting("minLength", was.MinLength, now.MinLength);
        Setting("maxLength", was.MaxLength, now.MaxLength);
        Setting("minimum", was.Minimum, now.Minimum);
        Setting("maximum", was.Maximum, now.Maximum);
        Setting("pattern", was.Pattern, now.Pattern);
        Setting("errorMessage", was.ErrorMessage, now.ErrorMessage);
        Setting("itemLabel", was.ItemLabel, now.ItemLabel);
        Setting("minItems", was.MinItems, now.MinItems);
        Setting("maxItems", was.MaxItems, now.MaxItems);
        Setting("maxSizeMb", was.MaxSizeMb, now.MaxSizeMb);
        if ((was.DateRange ?? "any") != (now.DateRange ?? "any"))
        {
            Setting("dateRange", Label(t, "Builder.Question.DateRange.", was.DateRange ?? "any"), Label(t, "Builder.Question.DateRange.", now.DateRange ?? "any"));
        }

        Setting("prefill", Label(t, "Builder.Prefill.", was.Prefill), Label(t, "Builder.Prefill.", now.Prefill));
        var conditionBefore = (was.ConditionKey, was.ConditionOperator, was.ConditionValue);
        var conditionAfter = (now.ConditionKey, now.ConditionOperator, now.ConditionValue);
        if (conditionBefore != conditionAfter)
        {
            if (string.IsNullOrEmpty(now.ConditionKey))
            {
                add("Builder.Diff.QuestionAlways", [label]);
            }
            else
            {
                var on = all.FirstOrDefault(a => a.Question.Key == now.ConditionKey)?.Question.Label ?? now.ConditionKey;
                add("Builder.Diff.QuestionShownWhen", [label, on, now.ConditionValue ?? string.Empty]);
            }
        }
    }

    /// <summary>Every question in order (a group's own questions after it), each with its step and settings.</summary>
    private static List<Asked> Questions(JsonObject definition, IReadOnlyList<StepView> steps, IStringLocalizer t) =>
        steps.SelectMany(step => step.Questions.SelectMany(q => q.Children.Prepend(q)).Select(q => new Asked(q, step, FormDesign.SettingsOf(definition, q.Key, t)))).ToList();

    /// <summary>The indexes of one longest strictly increasing run of <paramref name="values"/> (patience sorting, n log n).</summary>
    private static HashSet<int> LongestIncreasing(IReadOnlyList<int> values)
    {
        var tails = new List<int>();
        var previous = new int[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            int low = 0, high = tails.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (values[tails[middle]] < values[i])
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            previous[i] = low > 0 ? tails[low - 1] : -1;
            if (low == tails.Count)
            {
                tails.Add(i);
            }
            else
            {
                tails[low] = i;
            }
        }

        var run = new HashSet<int>();
        for (var i = tails.Count > 0 ? tails[^1] : -1; i >= 0; i = previous[i])
        {
            run.Add(i);
        }

        return run;
    }

    private static (List<string> Added, List<string> Removed) Difference(IEnumerable<string> from, IEnumerable<string> to)
    {
        var earlier = from.ToList();
        var later = to.ToList();
        return (later.Where(item => !earlier.Contains(item)).Distinct().ToList(), earlier.Where(item => !later.Contains(item)).Distinct().ToList());
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Shown(string? value, IStringLocalizer t) => string.IsNullOrEmpty(value) ? t["Builder.Diff.Nothing"] : value;

    private static string? Label(IStringLocalizer t, string prefix, string? key) =>
        key is null ? null : t[prefix + key] is { ResourceNotFound: false } found ? found.Value : key;

    private static string? Days(string? days, IStringLocalizer t) => days is null ? null : t["Builder.Diff.Days", days].Value;

    /// <summary>The fee as a resident reads it: none, a fixed sum, so much a copy, or "as the definition counts it".</summary>
    private static string FeeText(JsonObject definition, IStringLocalizer t)
    {
        var fee = definition["fee"] as JsonObject;
        var amount = fee?["amount"] is JsonValue value && value.TryGetValue<int>(out var yen) ? yen.ToString("N0", CultureInfo.InvariantCulture) : null;
        return (fee?["type"] as JsonValue)?.GetValue<string>() switch
        {
            null or "none" => t["Builder.Fee.none"],
            "fixed" when amount is not null => t["Builder.Diff.FeeFixed", amount],
            "per-copy" when amount is not null => t["Builder.Diff.FeePerCopy", amount],
            _ => t["Builder.Fee.keep"],
        };
    }
}
