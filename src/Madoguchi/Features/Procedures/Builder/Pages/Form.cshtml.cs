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
/// 質問の編集: a draft's steps and questions, each moved with buttons (keyboard and screen readers; no dragging),
/// removed, or opened to set; a question added by type, label and place; a step added. Every button is a plain post, so
/// it works without script; each goes through the builder's one form-editing operation at the revision shown.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class FormModel(ProcedureBuilder builder, Preview.DraftTrials trials, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int Revision { get; set; }

    /// <summary>The question a button acts on (its key).</summary>
    [BindProperty]
    public string? Key { get; set; }

    /// <summary>The step a button acts on.</summary>
    [BindProperty]
    public string? Step { get; set; }

    [BindProperty]
    public string? NewWidget { get; set; }

    [BindProperty]
    public string? NewLabel { get; set; }

    [BindProperty]
    public string? NewKey { get; set; }

    /// <summary>Where the new question goes: <c>step:{id}</c> or <c>group:{key}</c>.</summary>
    [BindProperty]
    public string? NewPlace { get; set; }

    [BindProperty]
    public string? StepTitle { get; set; }

    public DraftView View { get; private set; } = null!;

    public IReadOnlyList<StepView> Steps { get; private set; } = [];

    public string? Done { get; private set; }

    /// <summary>テスト送信 made from the preview so far.</summary>
    public int Trials { get; private set; }

    public string Title => (View.Definition["name"] as JsonValue)?.GetValue<string>() is { Length: > 0 } name ? name : View.Draft.ProcedureId;

    public bool Editable => View.Draft.Status == ProcedureDraftStatus.Draft;

    public IReadOnlyList<SelectListItem> WidgetChoices => FormDesign.Widgets.Select(w => new SelectListItem(t[$"Builder.Widget.{w}"], w)).ToList();

    public IReadOnlyList<SelectListItem> PlaceChoices =>
        Steps.SelectMany((step, i) => new[] { new SelectListItem(t["Builder.Form.PlaceStep", i + 1, step.Title], $"step:{step.Id}") }
            .Concat(step.Questions.Where(q => q.Widget == "repeat").Select(q => new SelectListItem(t["Builder.Form.PlaceGroup", q.Label], $"group:{q.Key}"))))
        .ToList();

    /// <summary>What stops the form from being published, by question (the page lists them beside each).</summary>
    public IReadOnlyList<string> ProblemsOf(string key) => View.Problems.Where(p => p.Question == key).Select(p => p.Message).ToList();

    public IReadOnlyList<string> FormProblems => View.Problems.Where(p => p.Question is not null).Select(p => p.Message).ToList();

    public string ConditionText(QuestionView question)
    {
        if (question.Condition is null || FormDesign.SettingsOf(View.Definition, question.Key, t) is not { } settings)
        {
            return string.Empty;
        }

        var label = settings.ConditionKey is { } target ? FormDesign.LabelOf(View.Definition, target) ?? target : question.Condition;
        return t[settings.ConditionOperator == "in" ? "Builder.Form.ShownWhenIn" : "Builder.Form.ShownWhen", label, settings.ConditionValue ?? string.Empty];
    }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }

        Revision = View.Draft.Revision;
        Done = done is "moved" or "removed" or "added-step" or "saved" or "not-ready" ? t[$"Builder.Form.Done.{done}"].Value : null;
        return Page();
    }

    public Task<IActionResult> OnPostUpAsync(CancellationToken cancellationToken) =>
        EditAsync("move", d => FormDesign.MoveQuestion(d, Key ?? string.Empty, -1, t), "moved", cancellationToken);

    public Task<IActionResult> OnPostDownAsync(CancellationToken cancellationToken) =>
        EditAsync("move", d => FormDesign.MoveQuestion(d, Key ?? string.Empty, 1, t), "moved", cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) =>
        EditAsync("remove", d => FormDesign.RemoveQuestion(d, Key ?? string.Empty, t), "removed", cancellationToken);

    public Task<IActionResult> OnPostStepUpAsync(CancellationToken cancellationToken) =>
        EditAsync("move_step", d => FormDesign.MoveStep(d, Step ?? string.Empty, -1, t), "moved", cancellationToken);

    public Task<IActionResult> OnPostStepDownAsync(CancellationToken cancellationToken) =>
        EditAsync("move_step", d => FormDesign.MoveStep(d, Step ?? string.Empty, 1, t), "moved", cancellationToken);

    public Task<IActionResult> OnPostStepRemoveAsync(CancellationToken cancellationToken) =>
        EditAsync("remove_step", d => FormDesign.RemoveStep(d, Step ?? string.Empty, t), "removed", cancellationToken);

    public Task<IActionResult> OnPostAddStepAsync(CancellationToken cancellationToken) =>
        EditAsync("add_step", d => FormDesign.AddStep(d, StepTitle, t), "added-step", cancellationToken);

    /// <summary>質問を追加: then straight to its settings.</summary>
    public Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var place = NewPlace ?? string.Empty;
        var step = place.StartsWith("step:", StringComparison.Ordinal) ? place[5..] : null;
        var group = place.StartsWith("group:", StringComparison.Ordinal) ? place[6..] : null;
        return EditAsync("add", d => FormDesign.AddQuestion(d, step, group, NewWidget, NewLabel, NewKey, t), null, cancellationToken);
    }

    private async Task<IActionResult> EditAsync(string action, Func<JsonObject, DesignResult> edit, string? done, CancellationToken cancellationToken)
    {
        var edited = await builder.EditFormAsync(User, Id, Revision, action, edit, cancellationToken);
        if (edited.Problem is not { } problem)
        {
            var key = edited.Value!.Key;
            return done is null
                ? Redirect($"/staff/builder/drafts/{Id}/question?key={Uri.EscapeDataString(key ?? string.Empty)}&added=true")
                : Redirect($"/staff/builder/drafts/{Id}/form?done={done}" + (key is null ? string.Empty : $"#q-{Anchor(key)}"));
        }

        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        if (await LoadAsync(cancellationToken) is { } away)
        {
            return away;
        }

        // What was typed in the add forms stays; the revision is the draft's now, so that trying again goes through.
        Revision = View.Draft.Revision;
        Response.StatusCode = this.Report(problem, field => field);
        return Page();
    }

    /// <summary>An id for a question's list item (keys hold dots and brackets).</summary>
    public static string Anchor(string key) => key.Replace("[].", "--", StringComparison.Ordinal).Replace('.', '-');

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await builder.FindAsync(User, Id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }

        View = found.Value!;
        Steps = FormDesign.Steps(View.Definition);
        Trials = await trials.CountAsync(Id, cancellationToken);
        return null;
    }
}
