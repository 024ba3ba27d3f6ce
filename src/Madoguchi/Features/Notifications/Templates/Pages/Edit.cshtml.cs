using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Messages;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Templates.Pages;

/// <summary>
/// One template: its placeholders, the change being written (saved as a draft, then asked to be checked), a second
/// person's approval (a new version) or 差戻し, and its versions. Without an open change the form starts from the
/// version in use.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class EditModel(TemplateEditing editing, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = string.Empty;

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    [BindProperty]
    public string? LineText { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public TemplateState State { get; private set; } = null!;

    public IReadOnlyList<MessageTemplateVersion> Versions { get; private set; } = [];

    public string? Done { get; private set; }

    /// <summary>A template's text as staff read it (placeholders by their Japanese names).</summary>
    public string Staff(string text) => editing.ForStaff(text);

    public string Label(string key) => editing.Label(key);

    public bool Editable => State.Open is null or { Status: TemplateDraftStatus.Draft };

    public bool MayReview => State.Open is { } open && open.WrittenBy != User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }

        (Subject, Body, LineText) = State.Open is { } open ? (open.Subject, open.Body, open.LineText) : (State.Current.Subject, State.Current.Body, State.Current.LineText);
        (Subject, Body, LineText) = (Staff(Subject), Staff(Body), Staff(LineText));
        Revision = State.Open?.Revision ?? 0;
        Done = done is "saved" or "submitted" or "approved" or "returned" or "discarded" ? t[$"Template.Done.{done}"].Value : null;
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken) =>
        ActAsync("saved", () => editing.SaveAsync(User, Key, Revision, new TemplateText(Subject, Body, LineText), cancellationToken), cancellationToken);

    /// <summary>保存して確認を依頼する: saved first, then waiting for a second person.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken cancellationToken)
    {
        var saved = await editing.SaveAsync(User, Key, Revision, new TemplateText(Subject, Body, LineText), cancellationToken);
        if (saved.Problem is not null)
        {
            return await ShowAgainAsync(saved.Problem, cancellationToken);
        }

        Revision = saved.Value!.Revision;
        return await ActAsync("submitted", () => editing.SubmitAsync(User, Key, Revision, cancellationToken), cancellationToken);
    }

    public Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) =>
        ActAsync("approved", () => editing.ApproveAsync(User, Key, Revision, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReturnAsync(CancellationToken cancellationToken) =>
        ActAsync("returned", () => editing.ReturnAsync(User, Key, Revision, Reason, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDiscardAsync(CancellationToken cancellationToken) =>
        ActAsync("discarded", () => editing.DiscardAsync(User, Key, Revision, cancellationToken), cancellationToken);

    private async Task<IActionResult> ActAsync(string done, Func<Task<Result<TemplateDraft>>> act, CancellationToken cancellationToken)
    {
        var acted = await act();
        return acted.Problem is { } problem ? await ShowAgainAsync(problem, cancellationToken) : Redirect($"/staff/messages/{Uri.EscapeDataString(Key)}?done={done}");
    }

    /// <summary>The page again with the problem next to its field, and everything typed kept.</summary>
    private async Task<IActionResult> ShowAgainAsync(Problem problem, CancellationToken cancellationToken)
    {
        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        if (await LoadAsync(cancellationToken) is { } away)
        {
            return away;
        }

        Revision = State.Open?.Revision ?? 0;
        Response.StatusCode = this.Report(problem, field => field switch
        {
            "subject" => nameof(Subject), "body" => nameof(Body), "lineText" => nameof(LineText), "reason" => nameof(Reason), _ => string.Empty,
        });
        return Page();
    }

    /// <summary>The template and its versions; a result when the page cannot be shown (not allowed, no such template).</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await editing.FindAsync(User, Key, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }

        State = found.Value!;
        Versions = await editing.VersionsAsync(Key, cancellationToken);
        return null;
    }
}
