using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder.Pages;

/// <summary>
/// One question's settings: its words, required or not, choices, limits, the condition that shows it (question /
/// operator / value) and the resident data item that fills it in. Only what the question's type uses is asked. A refused
/// save shows what was typed with the reason at the field; a save over someone else's says so and keeps what was typed.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class QuestionModel(ProcedureBuilder builder, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? Label { get; set; }

    [BindProperty]
    public string? Hint { get; set; }

    [BindProperty]
    public bool Required { get; set; }

    [BindProperty]
    public string? Options { get; set; }

    [BindProperty]
    public string? MinLength { get; set; }

    [BindProperty]
    public string? MaxLength { get; set; }

    [BindProperty]
    public string? Minimum { get; set; }

    [BindProperty]
    public string? Maximum { get; set; }

    [BindProperty]
    public string? Pattern { get; set; }

    [BindProperty]
    public string? ErrorMessage { get; set; }

    [BindProperty]
    public string? ItemLabel { get; set; }

    [BindProperty]
    public string? MinItems { get; set; }

    [BindProperty]
    public string? MaxItems { get; set; }

    [BindProperty]
    public string? MaxSizeMb { get; set; }

    [BindProperty]
    public string? DateRange { get; set; }

    [BindProperty]
    public string? ConditionKey { get; set; }

    [BindProperty]
    public string? ConditionOperator { get; set; }

    [BindProperty]
    public string? ConditionValue { get; set; }

    [BindProperty]
    public string? Prefill { get; set; }

    public DraftView View { get; private set; } = null!;

    public string Widget { get; private set; } = string.Empty;

    public bool Added { get; private set; }

    public string Title => (View.Definition["name"] as JsonValue)?.GetValue<string>() is { Length: > 0 } name ? name : View.Draft.ProcedureId;

    public string QuestionLabel => FormDesign.LabelOf(View.Definition, Key ?? string.Empty) ?? Key ?? string.Empty;

    public bool InGroup => Key?.Contains("[].", StringComparison.Ordinal) == true;

    public bool Textual => Widget is "text" or "textarea" or "name" or "kana" or "email";

    public IReadOnlyList<(string Key, string Label)> ConditionTargets => FormDesign.ConditionChoices(View.Definition, Key ?? string.Empty);

    public IReadOnlyList<SelectListItem> ConditionChoices =>
        new[] { new SelectListItem(t["Builder.Question.Always"], string.Empty) }.Concat(ConditionTargets.Select(c => new SelectListItem(c.Label, c.Key))).ToList();

    public IReadOnlyList<SelectListItem> OperatorChoices => QuestionSettings.Operators.Select(o => new SelectListItem(t[$"Builder.Question.Operator.{o}"], o)).ToList();

    public IReadOnlyList<SelectListItem> DateRangeChoices => QuestionSettings.DateRanges.Select(r => new SelectListItem(t[$"Builder.Question.DateRange.{r}"], r)).ToList();

    public IReadOnlyList<SelectListItem> PrefillChoices =>
        new[] { new SelectListItem(t["Builder.Question.NoPrefill"], string.Empty) }
            .Concat(FormDesign.Prefills.Where(p => p.Value.Contains(Widget)).Select(p => new SelectListItem(t[$"Builder.Prefill.{p.Key}"], p.Key))).ToList();

    /// <summary>What each question that can be a condition may be, for the value box's hint.</summary>
    public IReadOnlyList<(string Label, string Values)> ConditionValues =>
        ConditionTargets.Select(c => (c.Label, FormDesign.WidgetOf(View.Definition, c.Key) switch
        {
            "checkbox" => $"{t["Builder.Form.Checked"]}、{t["Builder.Form.Unchecked"]}",
            "radios" or "select" => FormDesign.SettingsOf(View.Definition, c.Key, t)?.Options?.Replace("\n", "、", StringComparison.Ordinal) ?? string.Empty,
            _ => t["Builder.Question.AnyValue"].Value,
        })).ToList();

    public async Task<IActionResult> OnGetAsync(bool added, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }

        if (FormDesign.SettingsOf(View.Definition, Key!, t) is not { } settings)
        {
            return NotFound();
        }

        Added = added;
        Revision = View.Draft.Revision;
        (Label, Hint, Required, Options, MinLength, MaxLength, Minimum, Maximum) =
            (settings.Label, settings.Hint, settings.Required, settings.Options, settings.MinLength, settings.MaxLength, settings.Minimum, settings.Maximum);
        (Pattern, ErrorMessage, ItemLabel, MinItems, MaxItems, MaxSizeMb, DateRange) =
            (settings.Pattern, settings.ErrorMessage, settings.ItemLabel, settings.MinItems, settings.MaxItems, settings.MaxSizeMb, settings.DateRange);
        (ConditionKey, ConditionOperator, ConditionValue, Prefill) = (settings.ConditionKey, settings.ConditionOperator, settings.ConditionValue, settings.Prefill);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var key = Key ?? string.Empty;
        var typed = new QuestionSettings
        {
            Label = Label, Hint = Hint, Required = Required, Options = Options, MinLength = MinLength, MaxLength = MaxLength, Minimum = Minimum, Maximum = Maximum,
            Pattern = Pattern, ErrorMessage = ErrorMessage, ItemLabel = ItemLabel, MinItems = MinItems, MaxItems = MaxItems, MaxSizeMb = MaxSizeMb, DateRange = DateRange,
            ConditionKey = ConditionKey, ConditionOperator = ConditionOperator, ConditionValue = ConditionValue, Prefill = Prefill,
        };
        var edited = await builder.EditFormAsync(User, Id, Revision, "question", d => FormDesign.EditQuestion(d, key, typed, t), cancellationToken);
        if (edited.Problem is not { } problem)
        {
            return Redirect($"/staff/builder/drafts/{Id}/form?done=saved#q-{FormModel.Anchor(key)}");
        }

        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        if (await LoadAsync(cancellationToken) is { } away)
        {
            return away;
        }

        Revision = View.Draft.Revision;
        Response.StatusCode = this.Report(problem, field => field);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await builder.FindAsync(User, Id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }

        View = found.Value!;
        if (Key is null || FormDesign.WidgetOf(View.Definition, Key) is not { } widget)
        {
            return NotFound();
        }

        if (View.Draft.Status != ProcedureDraftStatus.Draft)
        {
            return Redirect($"/staff/builder/drafts/{Id}/form");
        }

        Widget = widget;
        return null;
    }
}
