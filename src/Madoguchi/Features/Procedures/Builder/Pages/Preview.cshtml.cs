using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework.Drafts;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Builder.Preview;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;

namespace Madoguchi.Features.Procedures.Builder.Pages;

/// <summary>
/// プレビュー: a draft's form as a resident sees it, at a phone's or a desktop's width, step by step with the resident's
/// own controls, binding, conditions and checks (<see cref="FormSteps"/>, <see cref="AnswerBinder"/>); the answers travel
/// with the page (nothing is kept until テスト送信, which goes to the builder's sandbox, never to a 課's inbox).
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class PreviewModel(DraftTrials trials, IStringLocalizer<Resources.Messages> t) : PageModel
{
    public enum Stage
    {
        Step,
        Check,
        Done,
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "step")]
    public int StepIndex { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Width { get; set; }

    [BindProperty]
    public string? TrialAnswers { get; set; }

    public PreviewForm Preview { get; private set; } = null!;

    public JsonObject Answers { get; private set; } = [];

    public Stage Shown { get; private set; }

    public IReadOnlyDictionary<string, StringValues>? Typed { get; private set; }

    public IReadOnlyList<string> NewlyShown { get; private set; } = [];

    public ProcedureTrial? Trial { get; private set; }

    public bool Phone => Width != "desktop";

    public string Title => (Preview.View.Definition["name"] as JsonValue)?.GetValue<string>() is { Length: > 0 } name ? name : Preview.View.Draft.ProcedureId;

    public FormStep Step => Preview.Form.Steps[StepIndex];

    public IReadOnlyList<AnswerRow> Rows => AnswerDisplay.Rows(Preview.Form, FormValidator.VisibleAnswers(Preview.Form, Answers), key => t[key]);

    public int Fee => Fees.FeeCalculator.IsCountable(Preview.Fee) ? Fees.FeeCalculator.Count(Preview.Fee, FormValidator.VisibleAnswers(Preview.Form, Answers)).Amount : 0;

    public string LabelOf(string path) => FormSteps.LabelOf(Step, path);

    /// <summary>The WCAG rules whose findings the check names in Japanese (others: a general message).</summary>
    public static readonly IReadOnlyList<string> CheckedRules =
    [
        "color-contrast", "label", "button-name", "link-name", "select-name", "input-button-name", "duplicate-id", "duplicate-id-aria", "duplicate-id-active",
        "form-field-multiple-labels", "aria-valid-attr-value", "aria-required-attr", "aria-allowed-attr", "list", "listitem", "dlitem", "definition-list",
        "image-alt", "autocomplete-valid", "target-size", "nested-interactive", "label-title-only", "empty-heading",
    ];

    /// <summary>What the check's script says, in Japanese, as JSON for its data attribute.</summary>
    public string CheckMessages => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["running"] = t["Builder.Check.Running"].Value, ["none"] = t["Builder.Check.None"].Value, ["found"] = t["Builder.Check.Found"].Value,
        ["places"] = t["Builder.Check.Places"].Value, ["other"] = t["Builder.Check.Other"].Value, ["failed"] = t["Builder.Check.Failed"].Value,
        ["rules"] = CheckedRules.ToDictionary(rule => rule, rule => t[$"Builder.Check.Rule.{rule}"].Value),
    });

    /// <summary>axe-core as the package ships it (unmodified, MPL-2.0), for the check's script.</summary>
    public IActionResult OnGetAxe()
    {
        var assembly = typeof(Deque.AxeCore.Commons.AxeRunOptions).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("axe.min.js", StringComparison.Ordinal));
        Response.Headers.CacheControl = "private, max-age=86400";
        return File(assembly.GetManifestResourceStream(name)!, "text/javascript; charset=utf-8");
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }

        StepIndex = Math.Clamp(StepIndex, 0, Preview.Form.Steps.Count - 1);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? action, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }

        Answers = TrialAnswers is { Length: > 0 and <= DraftTrials.MaximumAnswerChars } carried && Parse(carried) is { } parsed ? parsed : [];
        StepIndex = Math.Clamp(StepIndex, 0, Preview.Form.Steps.Count);
        if (StepIndex == Preview.Form.Steps.Count)
        {
            return action == "back" ? At(StepIndex - 1) : await SubmitAsync(cancellationToken);
        }

        var posted = Request.Form.Where(kv => kv.Key is not (nameof(TrialAnswers) or "step" or nameof(Width) or "action" or "__RequestVerificationToken")).ToDictionary(kv => kv.Key, kv => kv.Value);
        Typed = posted;
        var binding = AnswerBinder.Bind(Step, posted, Answers);
        if (action == "back")
        {
            return At(StepIndex - 1);
        }

        if (FormSteps.AddItem(Step, action, Answers) || action?.StartsWith("postal:", StringComparison.Ordinal) == true)
        {
            Typed = null; // shown from the answers, the new item's boxes empty
            return Page();
        }

        NewlyShown = FormSteps.NewlyShown(Step, posted, Answers);
        var problems = FormSteps.NotNewlyShown(trials.Check(Preview.Form, Answers, Step.Fields, binding), NewlyShown);
        if (problems.Count > 0 || NewlyShown.Count > 0)
        {
            foreach (var (path, message) in problems)
            {
                ModelState.AddModelError(path, message);
            }

            Response.StatusCode = problems.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
            return Page();
        }

        return At(StepIndex + 1);
    }

    private async Task<IActionResult> SubmitAsync(CancellationToken cancellationToken)
    {
        Shown = Stage.Check;
        var submitted = await trials.SubmitAsync(User, Id, Answers, cancellationToken);
        if (submitted.Problem is { } problem)
        {
            return this.Show(problem, field => string.Empty); // named in the summary: the questions are on the steps before
        }

        Trial = submitted.Value;
        Shown = Stage.Done;
        return Page();
    }

    private PageResult At(int index)
    {
        Typed = null;
        ModelState.Clear();
        StepIndex = Math.Max(0, index);
        Shown = StepIndex >= Preview.Form.Steps.Count ? Stage.Check : Stage.Step;
        return Page();
    }

    private static JsonObject? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await trials.FormAsync(User, Id, cancellationToken);
        if (found.Problem is { } problem)
        {
            if (problem.Kind == ProblemKind.Conflict)
            {
                return Redirect($"/staff/builder/drafts/{Id}/form?done=not-ready");
            }

            return problem.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }

        Preview = found.Value!;
        return null;
    }
}
