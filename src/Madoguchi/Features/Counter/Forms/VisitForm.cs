using System.Text.Json.Nodes;
using Madoguchi.Features.Counter.LifeEvents;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Forms;

namespace Madoguchi.Features.Counter.Forms;

/// <summary>One procedure of a visit's bundle with its published version and its form (null: not a form here yet).</summary>
public sealed record VisitSection(ProposedProcedure Proposal, PublishedProcedure Procedure)
{
    public string Key => Proposal.Key;

    public FormDefinition? Form => Procedure.Form;
}

/// <summary>
/// The bundle's forms as one form, so that the clerk completes them on one screen and they are bound, validated and
/// shown by the same code as any form: each procedure's answers live under its key (<c>kokuho_kanyu_0010000017.member.name</c>),
/// its schema under the same key. The declaration a resident ticks online (<c>agree</c>, a <c>const: true</c> answer)
/// is not asked at the counter: the signature on the confirmation sheet makes it, and <see cref="Declare"/> sets it.
/// </summary>
public static class VisitForm
{
    /// <summary>Sections with a form, as one form with one step per section.</summary>
    public static FormDefinition Combine(IReadOnlyList<VisitSection> sections)
    {
        var properties = new JsonObject();
        var steps = new List<FormStep>();
        foreach (var section in sections)
        {
            if (section.Form is not { } form)
            {
                continue;
            }

            properties[section.Key] = form.Schema.DeepClone();
            var fields = form.Steps.SelectMany(s => s.Fields).Where(f => !IsDeclaration(form, f)).Select(f => Prefixed(f, section.Key)).ToList();
            steps.Add(new FormStep(section.Key, section.Procedure.Definition.Name, fields));
        }

        return new FormDefinition(new JsonObject { ["type"] = "object", ["properties"] = properties }, steps);
    }

    /// <summary>Every question of the combined form as one step, for binding what the screen posted.</summary>
    public static FormStep AllQuestions(FormDefinition combined) =>
        new("visit", string.Empty, combined.Steps.SelectMany(s => s.Fields).ToList());

    /// <summary>
    /// A section's answers filled from what is known: each question bound to a data item (<c>prefill</c>) takes the
    /// item of the applicant; a repeated group bound to <c>resident.concerned</c> gets one item per person concerned,
    /// its questions filled from that person's items.
    /// </summary>
    public static JsonObject Prefill(FormDefinition form, IReadOnlyDictionary<string, JsonNode> applicant, IReadOnlyList<IReadOnlyDictionary<string, JsonNode>> concerned)
    {
        var answers = new JsonObject();
        foreach (var field in form.Steps.SelectMany(s => s.Fields))
        {
            if (field.Widget == "repeat" && field.Prefill == VisitItems.Concerned)
            {
                var items = new JsonArray();
                foreach (var person in concerned.Take(field.MaxItems ?? 20))
                {
                    var item = new JsonObject();
                    foreach (var child in field.Fields ?? [])
                    {
                        if (child.Prefill is { } name && person.TryGetValue(name, out var value))
                        {
                            AnswerPaths.Set(item, child.Path, value.DeepClone());
                        }
                    }

                    items.Add(item);
                }

                AnswerPaths.Set(answers, field.Path, items);
            }
            else if (field.Prefill is { } name && applicant.TryGetValue(name, out var value))
            {
                AnswerPaths.Set(answers, field.Path, value.DeepClone());
            }
        }

        return answers;
    }

    /// <summary>The questions a resident ticks to declare or consent (<c>const: true</c>): the sheet prints them for the signature.</summary>
    public static IEnumerable<FormField> Declarations(FormDefinition form) => form.Steps.SelectMany(s => s.Fields).Where(f => IsDeclaration(form, f));

    /// <summary>Sets every declaration of the form to true: the resident made it by signing the confirmation sheet.</summary>
    public static void Declare(FormDefinition form, JsonObject answers)
    {
        foreach (var field in Declarations(form))
        {
            AnswerPaths.Set(answers, field.Path, JsonValue.Create(true));
        }
    }

    /// <summary>
    /// How a section's answers came to be: those equal to what the register gave (prefilled), and the other answered
    /// questions (entered by interview). Declarations are not counted; each repeated item's questions are.
    /// </summary>
    public static (int Prefilled, int Interviewed) Count(FormDefinition form, JsonObject answers, JsonObject prefilled)
    {
        var visible = FormValidator.VisibleAnswers(form, answers);
        var counts = (Prefilled: 0, Interviewed: 0);
        foreach (var field in form.Steps.SelectMany(s => s.Fields).Where(f => !IsDeclaration(form, f)))
        {
            CountField(field, field.Path, visible, prefilled, ref counts);
        }

        return counts;
    }

    private static void CountField(FormField field, string path, JsonObject answers, JsonObject prefilled, ref (int Prefilled, int Interviewed) counts)
    {
        if (field.Widget == "repeat")
        {
            var items = AnswerPaths.Get(answers, path) as JsonArray;
            for (var i = 0; i < (items?.Count ?? 0); i++)
            {
                foreach (var child in field.Fields ?? [])
                {
                    CountField(child, $"{path}[{i}].{child.Path}", answers, prefilled, ref counts);
                }
            }

            return;
        }

        if (AnswerPaths.Get(answers, path) is not { } answer)
        {
            return;
        }

        if (AnswerPaths.Get(prefilled, path) is { } given && JsonNode.DeepEquals(given, answer))
        {
            counts.Prefilled++;
        }
        else
        {
            counts.Interviewed++;
        }
    }

    private static bool IsDeclaration(FormDefinition form, FormField field) =>
        field.Widget == "checkbox" && AnswerPaths.SchemaAt(form.Schema, field.Path) is JsonObject schema
        && schema["const"] is JsonValue value && value.TryGetValue<bool>(out var constant) && constant;

    private static FormField Prefixed(FormField field, string key) =>
        field with { Path = $"{key}.{field.Path}", VisibleWhen = field.VisibleWhen is { } when ? when with { Path = $"{key}.{when.Path}" } : null };
}
