using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Forms;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder;

/// <summary>A question as the field editor lists it: where it is, what it asks, and its group's questions.</summary>
public sealed record QuestionView(string Key, string Widget, string Label, bool Required, string? Condition, string? Prefill, IReadOnlyList<QuestionView> Children, string? Group);

/// <summary>A step (one page of the resident's form) and its questions.</summary>
public sealed record StepView(string Id, string Title, string? Intro, IReadOnlyList<QuestionView> Questions);

/// <summary>What an edit did: the question it made or changed, or what to put right, by the page's field.</summary>
public sealed record DesignResult(string? Key, IReadOnlyDictionary<string, string> Errors)
{
    public static DesignResult Done(string? key = null) => new(key, new Dictionary<string, string>());

    public static DesignResult Refused(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });

    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// The field editor's changes to a definition's form (decision 0020 §10–15): steps added, renamed, moved and removed;
/// questions added by type, set, moved (past a step's end into the next step) and removed; the data model
/// (<c>form.schema</c>) kept in step with the questions, so that a question is never without its property nor a
/// property left behind. Every change is checked with the catalog's own rules (<see cref="FormRules"/>) and refused at
/// the field that caused a problem, never stored half-made. Pure: the caller loads, authorises and commits.
/// </summary>
public static partial class FormDesign
{
    /// <summary>The types a question can be, in the order staff are offered them.</summary>
    public static readonly IReadOnlyList<string> Widgets =
        ["text", "textarea", "name", "kana", "date", "number", "radios", "select", "checkbox", "postal-code", "phone", "email", "file", "repeat", "bank-account", "map", "my-number"];

    /// <summary>Resident data items a question may be filled with, and the types that can take each.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Prefills = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["resident.name"] = ["name", "text"],
        ["resident.kana"] = ["kana"],
        ["resident.birthDate"] = ["date"],
        ["resident.postalCode"] = ["postal-code"],
        ["resident.address"] = ["text", "textarea"],
        ["resident.phone"] = ["phone"],
        ["resident.email"] = ["email"],
        ["resident.householder.name"] = ["name", "text"],
        ["resident.householder.kana"] = ["kana"],
        ["resident.householder.birthDate"] = ["date"],
        ["resident.previousAddress"] = ["text", "textarea"],
        ["resident.concerned"] = ["repeat"],
        ["lifeEvent.date"] = ["date"],
    };

    /// <summary>Names the form pages post beside the answers (the step's button, the preview's own fields): never a question's key.</summary>
    private static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "action", "step", "width", "trialAnswers", "declaration", "signature", "revision",
    };

    private const int MaxQuestions = 200;

    private const int MaxSteps = 20;

    private const int MaxOptions = 50;

    /// <summary>The form's steps and questions; empty when the procedure has no form yet (guidance).</summary>
    public static IReadOnlyList<StepView> Steps(JsonObject definition)
    {
        var form = Form(definition);
        return (definition["form"]?["steps"] as JsonArray ?? []).OfType<JsonObject>().Select(step => new StepView(
            Text(step["id"]) ?? string.Empty, Text(step["title"]) ?? string.Empty, Text(step["intro"]),
            Questions(step["fields"] as JsonArray, null, form))).ToList();
    }

    private static List<QuestionView> Questions(JsonArray? fields, string? group, FormDefinition? form) =>
        (fields ?? []).OfType<JsonObject>().Select(field =>
        {
            var path = Text(field["path"]) ?? string.Empty;
            var key = FormRules.Key(group, path);
            var when = field["visibleWhen"] as JsonObject;
            return new QuestionView(
                key, Text(field["widget"]) ?? string.Empty, Text(field["label"]) ?? string.Empty, form is not null && IsRequired(form.Schema, field, key),
                when is null ? null : Text(when["path"]), Text(field["prefill"]),
                group is null ? Questions(field["fields"] as JsonArray, path, form) : [], group);
        }).ToList();

    /// <summary>Whether the question must be answered: in its object's <c>required</c>, a check that must be ticked, a group with a first item.</summary>
    private static bool IsRequired(JsonObject schema, JsonObject field, string key)
    {
        var path = key.Replace("[]", "[0]", StringComparison.Ordinal);
        return Text(field["widget"]) == "repeat"
            ? (field["minItems"] as JsonValue)?.GetValue<int>() > 0 || AnswerPaths.IsRequired(schema, path)
            : AnswerPaths.IsRequired(schema, path) || AnswerPaths.SchemaAt(schema, path)?["const"] is JsonValue;
    }

    /// <summary>The settings of the question at <paramref name="key"/> as its page shows them; null when there is none.</summary>
    public static QuestionSettings? SettingsOf(JsonObject definition, string key, IStringLocalizer t)
    {
        if (Locate(definition, key) is not { } found || Form(definition) is not { } form)
        {
            return null;
        }

        var schema = AnswerPaths.SchemaAt(form.Schema, key.Replace("[]", "[0]", StringComparison.Ordinal));
        var rule = found.Field["visibleWhen"]?["path"] is JsonValue p ? p.GetValue<string>() : null;
        var (target, targetKey) = rule is null ? (null, null) : ConditionTarget(form, found.Group, rule);
        return QuestionSettings.Of(found.Field, schema, IsRequired(form.Schema, found.Field, key), target, targetKey, t);
    }

    /// <summary>The widget of the question at <paramref name="key"/>, or null.</summary>
    public static string? WidgetOf(JsonObject definition, string key) => Locate(definition, key) is { } found ? Text(found.Field["widget"]) : null;

    /// <summary>The questions that can decide whether <paramref name="key"/> is shown: asked before it (its group's, then the form's), of a type that can.</summary>
    public static IReadOnlyList<(string Key, string Label)> ConditionChoices(JsonObject definition, string key)
    {
        if (Locate(definition, key) is not { } found)
        {
            return [];
        }

        var topLevel = TopLevel(definition).ToList();
        var choices = new List<(string, string)>();
        var group = found.Group;
        var groupIndex = group is null ? -1 : topLevel.FindIndex(f => Text(f["path"]) == group);
        var before = topLevel.TakeWhile(f => !ReferenceEquals(f, found.Field) && (groupIndex < 0 || Text(f["path"]) != group));
        choices.AddRange(before.Where(f => FormRules.ConditionWidgets.Contains(Text(f["widget"]) ?? string.Empty)).Select(f => (Text(f["path"])!, Text(f["label"]) ?? string.Empty)));
        if (group is not null)
        {
            var siblings = found.Container.OfType<JsonObject>().TakeWhile(f => !ReferenceEquals(f, found.Field));
            choices.AddRange(siblings.Where(f => FormRules.ConditionWidgets.Contains(Text(f["widget"]) ?? string.Empty))
                .Select(f => (FormRules.Key(group, Text(f["path"])!), Text(f["label"]) ?? string.Empty)));
        }

        return choices;
    }

    /// <summary>ステップを追加: a new page at the end; the first one also starts the form (the procedure becomes an online form).</summary>
    public static DesignResult AddStep(JsonObject definition, string? title, IStringLocalizer t)
    {
        title = title?.Trim();
        if (title is not { Length: > 0 and <= 60 })
        {
            return DesignResult.Refused("StepTitle", t["Builder.Form.Error.StepTitle"]);
        }

        var steps = EnsureForm(definition);
        if (steps.Count >= MaxSteps)
        {
            return DesignResult.Refused("StepTitle", t["Builder.Form.Error.TooManySteps", MaxSteps]);
        }

        var id = Enumerable.Range(steps.Count + 1, MaxSteps + 1).Select(n => $"step-{n}").First(candidate => steps.All(s => Text(s?["id"]) != candidate));
        steps.Add(new JsonObject { ["id"] = id, ["title"] = title, ["fields"] = new JsonArray() });
        return DesignResult.Done(id);
    }

    /// <summary>ステップの名前と説明.</summary>
    public static DesignResult EditStep(JsonObject definition, string stepId, string? title, string? intro, IStringLocalizer t)
    {
        if (FindStep(definition, stepId) is not { } step)
        {
            return DesignResult.Refused(string.Empty, t["Builder.Form.Error.NoStep"]);
        }

        title = title?.Trim();
        intro = string.IsNullOrWhiteSpace(intro) ? null : intro.Trim().ReplaceLineEndings("\n");
        var errors = new Dictionary<string, string>();
        if (title is not { Length: > 0 and <= 60 })
        {
            errors["StepTitle"] = t["Builder.Form.Error.StepTitle"];
        }

        if (intro is { Length: > 1000 })
        {
            errors["StepIntro"] = t["Builder.Form.Error.TooLong", 1000];
        }

        if (errors.Count > 0)
        {
            return new DesignResult(null, errors);
        }

        step["title"] = title;
        SetOrRemove(step, "intro", intro);
        return DesignResult.Done(stepId);
    }

    /// <summary>ステップを上へ・下へ.</summary>
    public static DesignResult MoveStep(JsonObject definition, string stepId, int by, IStringLocalizer t)
    {
        var steps = definition["form"]?["steps"] as JsonArray;
        var index = steps?.Select((s, i) => (s, i)).FirstOrDefault(x => Text(x.s?["id"]) == stepId, (null, -1)).i ?? -1;
        if (steps is null || index < 0)
        {
            return DesignResult.Refused(string.Empty, t["Builder.Form.Error.NoStep"]);
        }

        var to = index + by;
        if (to < 0 || to >= steps.Count)
        {
            return DesignResult.Done(stepId); // already first or last
        }

        var moved = steps[index]!;
        steps.RemoveAt(index);
        steps.Insert(to, moved);
        return DesignResult.Done(stepId);
    }

    /// <summary>ステップを削除: only an empty one; the last one gone, the procedure is guidance again.</summary>
    public static DesignResult RemoveStep(JsonObject definition, string stepId, IStringLocalizer t)
    {
        if (FindStep(definition, stepId) is not { } step)
        {
            return DesignResult.Refused(string.Empty, t["Builder.Form.Error.NoStep"]);
        }

        if (step["fields"] is JsonArray { Count: > 0 })
        {
            return DesignResult.Refused(string.Empty, t["Builder.Form.Error.StepNotEmpty", Text(step["title"]) ?? stepId]);
        }

        var steps = (JsonArray)definition["form"]!["steps"]!;
        steps.Remove(step);
        if (steps.Count == 0)
        {
            definition.Remove("form");
            definition["mode"] = "guidance";
            if (definition["channels"] is JsonArray channels)
            {
                foreach (var online in channels.Where(c => Text(c) == "online").ToList())
                {
                    channels.Remove(online);
                }

                if (channels.Count == 0)
                {
                    channels.Add("counter");
                }
            }
        }

        return DesignResult.Done();
    }

    /// <summary>
    /// 設問を追加: a question of a type, with its label, at the end of a step (or of a repeated group), and its property in
    /// the data model with the type's usual limits; its key is given (half-width letters and digits) or made up.
    /// </summary>
    public static DesignResult AddQuestion(JsonObject definition, string? stepId, string? group, string? widget, string? label, string? key, IStringLocalizer t)
    {
        label = label?.Trim();
        key = string.IsNullOrWhiteSpace(key) ? null : Platform.Ui.JapaneseText.Normalise(key).Trim();
        var errors = new Dictionary<string, string>();
        if (widget is null || !Widgets.Contains(widget) || (group is not null && widget == "repeat"))
        {
            errors["NewWidget"] = t["Builder.Form.Error.Widget"];
        }

        if (label is not { Length: > 0 and <= 100 })
        {
            errors["NewLabel"] = t["Builder.Form.Error.Label"];
        }

        if (key is not null && (key.Length > 40 || !KeyPattern().IsMatch(key)))
        {
            errors["NewKey"] = t["Builder.Form.Error.Key"];
        }
        else if (key is not null && ReservedKeys.Contains(key))
        {
            errors["NewKey"] = t["Builder.Form.Error.KeyReserved", key];
        }

        if (TopLevel(definition).Count() + TopLevel(definition).Sum(f => (f["fields"] as JsonArray)?.Count ?? 0) >= MaxQuestions)
        {
            errors["NewLabel"] = t["Builder.Form.Error.TooManyQuestions", MaxQuestions];
        }

        if (errors.Count > 0)
        {
            return new DesignResult(null, errors);
        }

        JsonArray container;
        if (group is not null)
        {
            if (Locate(definition, group) is not { } owner || Text(owner.Field["widget"]) != "repeat")
            {
                return DesignResult.Refused(string.Empty, t["Builder.Form.Error.NoQuestion"]);
            }

            container = owner.Field["fields"] as JsonArray ?? [];
            owner.Field["fields"] = container;
        }
        else
        {
            var steps = EnsureForm(definition);
            if (steps.Count == 0)
            {
                steps.Add(new JsonObject { ["id"] = "step-1", ["title"] = t["Builder.Form.FirstStep"].Value, ["fields"] = new JsonArray() });
            }

            var step = stepId is null ? steps.Last() as JsonObject : FindStep(definition, stepId);
            if (step is null)
            {
                return DesignResult.Refused(string.Empty, t["Builder.Form.Error.NoStep"]);
            }

            container = step["fields"] as JsonArray ?? [];
            step["fields"] = container;
        }

        var taken = (group is null ? TopLevel(definition) : container.OfType<JsonObject>()).Select(f => Text(f["path"])?.Split('.')[0]).ToHashSet(StringComparer.Ordinal);
        if (key is not null && taken.Contains(key))
        {
            return DesignResult.Refused("NewKey", t["Builder.Form.Error.KeyTaken", key]);
        }

        // Made-up keys are unique in the whole form, so that a group's question never shares its group's name.
        taken.UnionWith(TopLevel(definition).SelectMany(f => (f["fields"] as JsonArray ?? []).OfType<JsonObject>().Append(f)).Select(f => Text(f["path"])?.Split('.')[0]));
        key ??= Enumerable.Range(1, MaxQuestions * 2).Select(n => $"q{n}").First(candidate => !taken.Contains(candidate));
        var field = new JsonObject { ["path"] = key, ["widget"] = widget, ["label"] = label };
        var schema = DefaultSchema(widget!);
        switch (widget)
        {
            case "radios" or "select":
                field["options"] = new JsonArray(new JsonObject { ["value"] = "yes", ["label"] = t["Builder.Form.Yes"].Value }, new JsonObject { ["value"] = "no", ["label"] = t["Builder.Form.No"].Value });
                break;
            case "repeat":
                field["fields"] = new JsonArray();
                field["itemLabel"] = label;
                field["maxItems"] = 10;
                break;
            case "file":
                field["accept"] = new JsonArray("application/pdf", "image/jpeg", "image/png");
                field["maxSizeMb"] = 5;
                break;
        }

        container.Add(field);
        var home = SchemaHome(definition, group, key, create: true)!.Value;
        Properties(home.Object)[key] = schema;
        return DesignResult.Done(FormRules.Key(group, key));
    }

    /// <summary>設問を上へ・下へ: within its step; past the step's first or last question into the step before or after.</summary>
    public static DesignResult MoveQuestion(JsonObject definition, string key, int by, IStringLocalizer t)
    {
        if (Locate(definition, key) is not { } found)
        {
            return DesignResult.Refused(string.Empty, t["Builder.Form.Error.NoQuestion"]);
        }

        var index = found.Container.IndexOf(found.Field);
        var to = index + by;
        if (to >= 0 && to < found.Container.Count)
        {
            found.Container.RemoveAt(index);
            found.Container.Insert(to, found.Field);
            return DesignResult.Done(key);
        }

        if (found.Group is not null || definition["form"]?["steps"] is not JsonArray steps)
        {
            return DesignResult.Done(key);
        }

        var stepIndex = steps.IndexOf(found.Step);
        var next = stepIndex + Math.Sign(by);
        if (next < 0 || next >= steps.Count || steps[next]?["fields"] is not JsonArray target)
        {
            return DesignResult.Done(key);
        }

        found.Container.Remove(found.Field);
        if (by < 0)
        {
            target.Add(found.Field);
        }
        else
        {
            target.Insert(0, found.Field);
        }

        return DesignResult.Done(key);
    }

    /// <summary>設問を削除, with its property; refused while another question's condition, a date rule or the fee names it.</summary>
    public static DesignResult RemoveQuestion(JsonObject definition, string key, IStringLocalizer t)
    {
        if (Locate(definition, key) is not { } found)
        {
            return DesignResult.Refused(string.Empty, t["Builder.Form.Error.NoQuestion"]);
        }

        var label = Text(found.Field["label"]) ?? key;
        if (DependentsOf(definition, found, t).FirstOrDefault() is { } dependent)
        {
            return DesignResult.Refused(string.Empty, t["Builder.Form.Error.InUse", label, dependent]);
        }

        found.Container.Remove(found.Field);
        if (SchemaHome(definition, found.Group, found.Path, create: false) is { } home)
        {
            Properties(home.Object).Remove(home.Name);
            SetRequired(home.Object, home.Name, false);
        }

        return DesignResult.Done();
    }

    /// <summary>
    /// 設問の設定を保存: label, hint, required, choices, limits, pattern, group counts, dates, condition and prefill, each
    /// checked where it is typed; then the whole form by the catalog's rules, refused at the field that broke one.
    /// </summary>
    public static DesignResult EditQuestion(JsonObject definition, string key, QuestionSettings typed, IStringLocalizer t)
    {
        if (Locate(definition, key) is not { } found || Form(definition) is null)
        {
            return DesignResult.Refused(string.Empty, t["Builder.Form.Error.NoQuestion"]);
        }

        var errors = new Dictionary<string, string>();
        var field = found.Field;
        var widget = Text(field["widget"]) ?? string.Empty;
        var home = SchemaHome(definition, found.Group, found.Path, create: true)!.Value;
        var schema = Properties(home.Object)[home.Name] as JsonObject ?? DefaultSchema(widget);
        Properties(home.Object)[home.Name] = schema;

        var label = typed.Label?.Trim();
        if (label is not { Length: > 0 and <= 100 })
        {
            errors[nameof(QuestionSettings.Label)] = t["Builder.Form.Error.Label"];
        }

        var hint = string.IsNullOrWhiteSpace(typed.Hint) ? null : typed.Hint.Trim();
        if (hint is { Length: > 300 })
        {
            errors[nameof(QuestionSettings.Hint)] = t["Builder.Form.Error.TooLong", 300];
        }

        var options = widget is "radios" or "select" ? ReadOptions(field, typed.Options, errors, t) : null;
        var limits = ReadLimits(widget, typed, errors, t);
        var condition = ReadCondition(definition, found, typed, errors, t);
        var prefill = string.IsNullOrWhiteSpace(typed.Prefill) ? null : typed.Prefill;
        if (prefill is not null && !(Prefills.TryGetValue(prefill, out var widgets) ? widgets.Contains(widget) : prefill == Text(field["prefill"])))
        {
            errors[nameof(QuestionSettings.Prefill)] = t["Builder.Form.Error.Prefill"];
        }

        if (errors.Count > 0)
        {
            return new DesignResult(null, errors);
        }

        var before = definition.DeepClone().AsObject();
        var known = Form(definition) is { } was ? FormRules.Check(was).Select(p => (p.Code, p.Subject)).ToHashSet() : [];
        field["label"] = label;
        SetOrRemove(field, "hint", hint);
        SetOrRemove(field, "prefill", prefill);
        field.Remove("visibleWhen");
        if (condition is not null)
        {
            field["visibleWhen"] = condition;
        }

        if (options is not null)
        {
            field["options"] = new JsonArray(options.Select(o => (JsonNode)new JsonObject { ["value"] = o.Value, ["label"] = o.Label }).ToArray());
            schema["enum"] = new JsonArray(options.Select(o => (JsonNode)JsonValue.Create(o.Value)!).ToArray());
        }

        WriteLimits(widget, field, schema, limits, typed.Required);
        SetRequired(home.Object, home.Name, typed.Required && widget != "repeat");

        // The form as a whole: what this change broke is refused at the field that caused it, and nothing is kept.
        // (An unfinished part that was there before, such as a group still without questions, is for the list, not a refusal.)
        var broken = FormRules.Check(Form(definition)!).Where(p => p.Subject == key && !known.Contains((p.Code, p.Subject))).ToList();
        if (broken.Count > 0)
        {
            Restore(definition, before);
            var refused = new Dictionary<string, string>();
            foreach (var problem in broken)
            {
                var at = problem.Code switch
                {
                    "pattern-invalid" => nameof(QuestionSettings.Pattern),
                    "options-duplicate" or "options-schema" => nameof(QuestionSettings.Options),
                    _ when problem.Code.StartsWith("condition-", StringComparison.Ordinal) => nameof(QuestionSettings.ConditionKey),
                    _ => nameof(QuestionSettings.Label),
                };
                refused.TryAdd(at, Describe(definition, problem, t));
            }

            return new DesignResult(null, refused);
        }

        return DesignResult.Done(key);
    }

    /// <summary>A problem of the form in Japanese, naming questions by their labels (their keys when they have none).</summary>
    public static string Describe(JsonObject definition, CatalogProblem problem, IStringLocalizer t)
    {
        string Name(string? key)
        {
            if (key is null)
            {
                return string.Empty;
            }

            var inGroup = key.IndexOf("[].", StringComparison.Ordinal);
            return LabelOf(definition, key) ?? (inGroup < 0 ? null : LabelOf(definition, key[(inGroup + 3)..]) ?? key[(inGroup + 3)..]) ?? key;
        }

        var other = problem.Code == "condition-loop"
            ? string.Join("、", (problem.Other ?? string.Empty).Split('、').Select(path => Name(problem.Subject is { } k && k.Contains("[].", StringComparison.Ordinal) ? FormRules.Key(k[..k.IndexOf("[].", StringComparison.Ordinal)], path) : path)))
            : problem.Code is "condition-unknown" or "condition-later" or "condition-target" or "condition-value" or "field-inside" ? Name(Sibling(problem.Subject, problem.Other)) : problem.Other ?? string.Empty;
        return t[$"Builder.Problem.{problem.Code}", Name(problem.Subject), other].Value;
    }

    /// <summary>A question's label, or null when the key names none.</summary>
    public static string? LabelOf(JsonObject definition, string key) => Locate(definition, key) is { } found ? Text(found.Field["label"]) : null;

    /// <summary>The key of a question named from inside <paramref name="key"/>'s group: its sibling when there is one, else the form's.</summary>
    private static string? Sibling(string? key, string? path)
    {
        if (key is null || path is null || path.Contains("[].", StringComparison.Ordinal))
        {
            return path;
        }

        var bracket = key.IndexOf("[].", StringComparison.Ordinal);
        return bracket < 0 ? path : FormRules.Key(key[..bracket], path);
    }

    private static List<FormOption>? ReadOptions(JsonObject field, string? typed, Dictionary<string, string> errors, IStringLocalizer t)
    {
        var lines = (typed ?? string.Empty).ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count is 0 or > MaxOptions || lines.Any(l => l.Length > 100))
        {
            errors[nameof(QuestionSettings.Options)] = t["Builder.Form.Error.Options", MaxOptions];
            return null;
        }

        if (lines.Distinct(StringComparer.Ordinal).Count() != lines.Count)
        {
            errors[nameof(QuestionSettings.Options)] = t["Builder.Form.Error.OptionsTwice"];
            return null;
        }

        // A choice keeps its value while its wording stays (answers and conditions refer to it); a new one is named by
        // its wording, which is readable in exports and unique here.
        var existing = (field["options"] as JsonArray ?? []).OfType<JsonObject>().Select(o => (Value: Text(o["value"]), Label: Text(o["label"]))).ToList();
        var options = new List<FormOption>();
        foreach (var line in lines)
        {
            var value = existing.FirstOrDefault(o => o.Label == line).Value ?? line;
            while (options.Any(o => o.Value == value))
            {
                value += "_";
            }

            options.Add(new FormOption(value, line));
        }

        return options;
    }

    private sealed record Limits(int? MinLength, int? MaxLength, int? Minimum, int? Maximum, string? Pattern, string? ErrorMessage, string? ItemLabel, int? MinItems, int? MaxItems, int? MaxSizeMb, string DateRange);

    private static Limits ReadLimits(string widget, QuestionSettings typed, Dictionary<string, string> errors, IStringLocalizer t)
    {
        int? Number(string? text, string field, int min, int max)
        {
            var value = QuestionSettings.ParseInt(text, out var bad);
            if (bad || value < min || value > max)
            {
                errors[field] = t["Builder.Form.Error.Between", min, max];
                return null;
            }

            return value;
        }

        var textual = widget is "text" or "textarea" or "name" or "kana" or "email";
        var minLength = textual ? Number(typed.MinLength, nameof(QuestionSettings.MinLength), 0, 2000) : null;
        var maxLength = textual ? Number(typed.MaxLength, nameof(QuestionSettings.MaxLength), 1, 2000) : null;
        if (minLength > maxLength)
        {
            errors[nameof(QuestionSettings.MinLength)] = t["Builder.Form.Error.MinOverMax"];
        }

        var minimum = widget == "number" ? Number(typed.Minimum, nameof(QuestionSettings.Minimum), -999_999_999, 999_999_999) : null;
        var maximum = widget == "number" ? Number(typed.Maximum, nameof(QuestionSettings.Maximum), -999_999_999, 999_999_999) : null;
        if (minimum > maximum)
        {
            errors[nameof(QuestionSettings.Minimum)] = t["Builder.Form.Error.MinOverMax"];
        }

        string? pattern = null;
        string? message = null;
        if (widget == "text")
        {
            pattern = string.IsNullOrEmpty(typed.Pattern) ? null : typed.Pattern;
            message = string.IsNullOrWhiteSpace(typed.ErrorMessage) ? null : typed.ErrorMessage.Trim();
            if (pattern is { Length: > 300 } || (pattern is not null && !FormRules.Compiles(pattern)))
            {
                errors[nameof(QuestionSettings.Pattern)] = t["Builder.Form.Error.Pattern"];
            }
            else if (pattern is not null && message is null)
            {
                errors[nameof(QuestionSettings.ErrorMessage)] = t["Builder.Form.Error.PatternMessage"];
            }

            if (message is { Length: > 200 })
            {
                errors[nameof(QuestionSettings.ErrorMessage)] = t["Builder.Form.Error.TooLong", 200];
            }
        }

        string? itemLabel = null;
        int? minItems = null, maxItems = null;
        if (widget == "repeat")
        {
            itemLabel = string.IsNullOrWhiteSpace(typed.ItemLabel) ? null : typed.ItemLabel.Trim();
            if (itemLabel is { Length: > 30 })
            {
                errors[nameof(QuestionSettings.ItemLabel)] = t["Builder.Form.Error.TooLong", 30];
            }

            minItems = Number(typed.MinItems, nameof(QuestionSettings.MinItems), 0, 50);
            maxItems = Number(typed.MaxItems, nameof(QuestionSettings.MaxItems), 1, 50);
            if (minItems > (maxItems ?? 50))
            {
                errors[nameof(QuestionSettings.MinItems)] = t["Builder.Form.Error.MinOverMax"];
            }
        }

        var maxSize = widget == "file" ? Number(typed.MaxSizeMb, nameof(QuestionSettings.MaxSizeMb), 1, 20) : null;
        var range = widget == "date" && typed.DateRange is { } chosen && QuestionSettings.DateRanges.Contains(chosen) ? chosen : "any";
        return new Limits(minLength, maxLength, minimum, maximum, pattern, message, itemLabel, minItems, maxItems, maxSize, range);
    }

    private static void WriteLimits(string widget, JsonObject field, JsonObject schema, Limits limits, bool required)
    {
        void Set(JsonObject target, string name, int? value)
        {
            if (value is { } v)
            {
                target[name] = v;
            }
            else
            {
                target.Remove(name);
            }
        }

        switch (widget)
        {
            case "text" or "textarea" or "name" or "kana" or "email":
                Set(schema, "minLength", limits.MinLength);
                Set(schema, "maxLength", limits.MaxLength);
                if (widget == "text")
                {
                    SetOrRemove(schema, "pattern", limits.Pattern);
                    SetOrRemove(field, "errorMessage", limits.ErrorMessage);
                }

                break;
            case "number":
                Set(schema, "minimum", limits.Minimum);
                Set(schema, "maximum", limits.Maximum);
                break;
            case "checkbox":
                // A check that must be ticked (同意します) is a constant true; otherwise a yes/no answer.
                schema.Remove("type");
                schema.Remove("const");
                if (required)
                {
                    schema["const"] = true;
                }
                else
                {
                    schema["type"] = "boolean";
                }

                break;
            case "repeat":
                SetOrRemove(field, "itemLabel", limits.ItemLabel);
                var minItems = required ? Math.Max(1, limits.MinItems ?? 1) : limits.MinItems is > 0 ? limits.MinItems : null;
                Set(field, "minItems", minItems);
                Set(field, "maxItems", limits.MaxItems);
                Set(schema, "minItems", minItems);
                Set(schema, "maxItems", limits.MaxItems);
                break;
            case "file":
                Set(field, "maxSizeMb", limits.MaxSizeMb);
                break;
            case "date":
                var dates = field["dates"] as JsonObject ?? new JsonObject();
                dates.Remove("fromToday");
                dates.Remove("toToday");
                if (limits.DateRange == "past")
                {
                    dates["toToday"] = 0;
                }
                else if (limits.DateRange == "future")
                {
                    dates["fromToday"] = 0;
                }

                if (dates.Count > 0)
                {
                    field["dates"] = dates;
                }
                else
                {
                    field.Remove("dates");
                }

                break;
        }
    }

    /// <summary>The condition typed (question / operator / value) as a <c>visibleWhen</c>; null for "always shown".</summary>
    private static JsonObject? ReadCondition(JsonObject definition, Located found, QuestionSettings typed, Dictionary<string, string> errors, IStringLocalizer t)
    {
        if (string.IsNullOrWhiteSpace(typed.ConditionKey))
        {
            return null;
        }

        var chosen = typed.ConditionKey;
        var targetKey = chosen;
        if (Locate(definition, targetKey) is not { } target)
        {
            errors[nameof(QuestionSettings.ConditionKey)] = t["Builder.Problem.condition-unknown", string.Empty, chosen];
            return null;
        }

        // Inside a group a condition names a question of the same item by its own path; else the form's top level.
        var path = target.Group is not null && target.Group == found.Group ? target.Path : target.Group is null ? target.Path : null;
        if (path is null)
        {
            errors[nameof(QuestionSettings.ConditionKey)] = t["Builder.Problem.condition-unknown", string.Empty, chosen];
            return null;
        }

        var op = typed.ConditionOperator is "in" ? "in" : "equals";
        var words = (typed.ConditionValue ?? string.Empty).Split(['、', ',', '，', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var targetWidget = Text(target.Field["widget"]);
        var options = (target.Field["options"] as JsonArray ?? []).OfType<JsonObject>().Select(o => (Value: Text(o["value"])!, Label: Text(o["label"])!)).ToList();
        var values = new List<JsonNode>();
        foreach (var word in words.Take(MaxOptions))
        {
            JsonNode? value = targetWidget switch
            {
                "checkbox" => word == t["Builder.Form.Checked"] || word == t["Builder.Form.Yes"] || word == "true" ? JsonValue.Create(true)
                    : word == t["Builder.Form.Unchecked"] || word == t["Builder.Form.No"] || word == "false" ? JsonValue.Create(false) : null,
                "radios" or "select" => options.FirstOrDefault(o => o.Label == word || o.Value == word) is { Value: not null } option ? JsonValue.Create(option.Value) : null,
                "number" => long.TryParse(Platform.Ui.JapaneseText.Normalise(word), out var n) ? JsonValue.Create(n) : null,
                _ => JsonValue.Create(Platform.Ui.JapaneseText.Normalise(word)),
            };
            if (value is null)
            {
                errors[nameof(QuestionSettings.ConditionValue)] = targetWidget == "checkbox"
                    ? t["Builder.Form.Error.ConditionCheck", t["Builder.Form.Checked"], t["Builder.Form.Unchecked"]]
                    : t["Builder.Form.Error.ConditionValue", string.Join("、", options.Select(o => o.Label))];
                return null;
            }

            values.Add(value);
        }

        if (values.Count == 0 || (op == "equals" && values.Count > 1) || (op == "in" && (targetWidget == "checkbox" || values.Any(v => v.GetValueKind() != JsonValueKind.String))))
        {
            errors[nameof(QuestionSettings.ConditionValue)] = t[op == "equals" ? "Builder.Form.Error.ConditionOne" : "Builder.Form.Error.ConditionSeveral"];
            return null;
        }

        return op == "equals"
            ? new JsonObject { ["path"] = path, ["equalTo"] = values[0] }
            : new JsonObject { ["path"] = path, ["in"] = new JsonArray(values.ToArray()) };
    }

    /// <summary>What names a question elsewhere in the definition: another question's condition or date rule, or the fee.</summary>
    private static IEnumerable<string> DependentsOf(JsonObject definition, Located found, IStringLocalizer t)
    {
        var scopes = new List<(string? Group, JsonArray Fields)>();
        foreach (var step in (definition["form"]?["steps"] as JsonArray ?? []).OfType<JsonObject>())
        {
            scopes.Add((null, step["fields"] as JsonArray ?? []));
        }

        foreach (var group in TopLevel(definition).Where(f => f["fields"] is JsonArray))
        {
            scopes.Add((Text(group["path"]), (JsonArray)group["fields"]!));
        }

        foreach (var (group, fields) in scopes)
        {
            // Inside a group a condition may name its own item's question or the form's; at the top, only the form's.
            if (found.Group is not null && group != found.Group)
            {
                continue;
            }

            foreach (var other in fields.OfType<JsonObject>().Where(f => !ReferenceEquals(f, found.Field)))
            {
                if (Text(other["visibleWhen"]?["path"]) == found.Path || Text(other["dates"]?["notBefore"]) == found.Path)
                {
                    yield return Text(other["label"]) ?? string.Empty;
                }
            }
        }

        if (found.Group is null && definition["fee"] is JsonObject fee
            && (Text(fee["copies"]) == found.Path || (Text(fee["type"]) == "per-copy" && fee["copies"] is null && found.Path == "copies")
                || Text(fee["exemptWhen"]?["path"]) == found.Path || (fee["lines"] as JsonArray ?? []).Any(l => Text(l?["count"]) == found.Path)))
        {
            yield return t["Builder.Form.TheFee"];
        }
    }

    private sealed record Located(JsonObject Step, JsonArray Container, JsonObject Field, string? Group, string Path);

    /// <summary>The question at a key (<c>path</c>, or <c>group[].path</c> inside a repeated group).</summary>
    private static Located? Locate(JsonObject definition, string key)
    {
        var bracket = key.IndexOf("[].", StringComparison.Ordinal);
        var group = bracket < 0 ? null : key[..bracket];
        var path = bracket < 0 ? key : key[(bracket + 3)..];
        foreach (var step in (definition["form"]?["steps"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var fields = step["fields"] as JsonArray ?? [];
            foreach (var field in fields.OfType<JsonObject>())
            {
                if (group is null && Text(field["path"]) == path)
                {
                    return new Located(step, fields, field, null, path);
                }

                if (group is not null && Text(field["path"]) == group && field["fields"] is JsonArray children
                    && children.OfType<JsonObject>().FirstOrDefault(c => Text(c["path"]) == path) is { } child)
                {
                    return new Located(step, children, child, group, path);
                }
            }
        }

        return null;
    }

    private static (FormField? Field, string? Key) ConditionTarget(FormDefinition form, string? group, string path)
    {
        var topLevel = form.Steps.SelectMany(s => s.Fields).ToList();
        if (group is not null && topLevel.FirstOrDefault(f => f.Path == group)?.Fields?.FirstOrDefault(f => f.Path == path) is { } sibling)
        {
            return (sibling, FormRules.Key(group, path));
        }

        return topLevel.FirstOrDefault(f => f.Path == path) is { } top ? (top, path) : (null, path);
    }

    /// <summary>The object schema that holds a question's property, and the property's name (nested paths: their last segment).</summary>
    private static (JsonObject Object, string Name)? SchemaHome(JsonObject definition, string? group, string path, bool create)
    {
        if (definition["form"]?["schema"] is not JsonObject current)
        {
            return null;
        }

        if (group is not null)
        {
            if (Properties(current)[group] is not JsonObject array)
            {
                return null;
            }

            if (array["items"] is not JsonObject items)
            {
                items = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
                array["items"] = items;
            }

            current = items;
        }

        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            if (Properties(current)[part] is not JsonObject next)
            {
                if (!create)
                {
                    return null;
                }

                next = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
                Properties(current)[part] = next;
            }

            current = next;
        }

        return (current, parts[^1]);
    }

    private static JsonObject Properties(JsonObject objectSchema)
    {
        if (objectSchema["properties"] is not JsonObject properties)
        {
            properties = new JsonObject();
            objectSchema["properties"] = properties;
        }

        return properties;
    }

    private static void SetRequired(JsonObject objectSchema, string name, bool required)
    {
        var list = objectSchema["required"] as JsonArray;
        var present = list?.FirstOrDefault(n => Text(n) == name);
        if (required && present is null)
        {
            list ??= [];
            objectSchema["required"] = list;
            list.Add(name);
        }
        else if (!required && present is not null)
        {
            list!.Remove(present);
            if (list.Count == 0)
            {
                objectSchema.Remove("required");
            }
        }
    }

    /// <summary>The data model a new question of a type starts with: the type's usual limits.</summary>
    private static JsonObject DefaultSchema(string widget) => widget switch
    {
        "text" => new JsonObject { ["type"] = "string", ["maxLength"] = 100 },
        "textarea" => new JsonObject { ["type"] = "string", ["maxLength"] = 1000 },
        "name" => new JsonObject { ["type"] = "string", ["maxLength"] = 30 },
        "kana" => new JsonObject { ["type"] = "string", ["format"] = "katakana", ["maxLength"] = 60 },
        "date" => new JsonObject { ["type"] = "string", ["format"] = "date" },
        "email" => new JsonObject { ["type"] = "string", ["format"] = "email", ["maxLength"] = 254 },
        "phone" => new JsonObject { ["type"] = "string", ["format"] = "jp-phone" },
        "postal-code" => new JsonObject { ["type"] = "string", ["format"] = "jp-postal-code" },
        "my-number" => new JsonObject { ["type"] = "string", ["format"] = "my-number" },
        "number" => new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 999 },
        "radios" or "select" => new JsonObject { ["enum"] = new JsonArray("yes", "no") },
        "checkbox" => new JsonObject { ["type"] = "boolean" },
        "repeat" => new JsonObject { ["type"] = "array", ["maxItems"] = 10, ["items"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() } },
        "file" => new JsonObject
        {
            ["type"] = "object", ["required"] = new JsonArray("sha256", "name", "size", "contentType"),
            ["properties"] = new JsonObject
            {
                ["sha256"] = new JsonObject { ["type"] = "string" }, ["name"] = new JsonObject { ["type"] = "string" },
                ["size"] = new JsonObject { ["type"] = "integer" }, ["contentType"] = new JsonObject { ["enum"] = new JsonArray("application/pdf", "image/jpeg", "image/png") },
            },
        },
        "bank-account" => new JsonObject
        {
            ["type"] = "object", ["required"] = new JsonArray("bankCode", "branchCode", "type", "number", "holderKana"),
            ["properties"] = new JsonObject
            {
                ["bankCode"] = new JsonObject { ["type"] = "string", ["format"] = "jp-bank-code" },
                ["branchCode"] = new JsonObject { ["type"] = "string", ["format"] = "jp-branch-code" },
                ["type"] = new JsonObject { ["enum"] = new JsonArray("ordinary", "current") },
                ["number"] = new JsonObject { ["type"] = "string", ["format"] = "jp-account-number" },
                ["holderKana"] = new JsonObject { ["type"] = "string", ["format"] = "katakana", ["maxLength"] = 60 },
            },
        },
        "map" => new JsonObject
        {
            ["type"] = "object", ["additionalProperties"] = false, ["required"] = new JsonArray("lat", "lng"),
            ["properties"] = new JsonObject
            {
                ["lat"] = new JsonObject { ["type"] = "number", ["minimum"] = 20, ["maximum"] = 46 },
                ["lng"] = new JsonObject { ["type"] = "number", ["minimum"] = 122, ["maximum"] = 154 },
            },
        },
        _ => new JsonObject { ["type"] = "string" },
    };

    /// <summary>The form's steps, creating the form (an online form, applied for online) when the procedure has none.</summary>
    private static JsonArray EnsureForm(JsonObject definition)
    {
        if (definition["form"] is not JsonObject form)
        {
            form = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() }, ["steps"] = new JsonArray() };
            definition["form"] = form;
            definition["mode"] = "online-form";
            if (definition["channels"] is not JsonArray channels)
            {
                channels = [];
                definition["channels"] = channels;
            }

            if (!channels.Any(c => Text(c) == "online"))
            {
                channels.Insert(0, "online");
            }
        }

        if (form["steps"] is not JsonArray steps)
        {
            steps = [];
            form["steps"] = steps;
        }

        return steps;
    }

    private static JsonObject? FindStep(JsonObject definition, string stepId) =>
        (definition["form"]?["steps"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(s => Text(s["id"]) == stepId);

    private static IEnumerable<JsonObject> TopLevel(JsonObject definition) =>
        (definition["form"]?["steps"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(s => (s["fields"] as JsonArray ?? []).OfType<JsonObject>());

    /// <summary>The form as the engine reads it, or null while it cannot be read.</summary>
    private static FormDefinition? Form(JsonObject definition)
    {
        try
        {
            return definition["form"]?.Deserialize<FormDefinition>(ProcedureDefinition.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Restore(JsonObject definition, JsonObject before)
    {
        foreach (var name in definition.Select(p => p.Key).ToList())
        {
            definition.Remove(name);
        }

        foreach (var (name, value) in before.ToList())
        {
            before.Remove(name);
            definition[name] = value;
        }
    }

    private static void SetOrRemove(JsonObject target, string name, string? value)
    {
        if (value is null)
        {
            target.Remove(name);
        }
        else
        {
            target[name] = value;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex KeyPattern();
}
