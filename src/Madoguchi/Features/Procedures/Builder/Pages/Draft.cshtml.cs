using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder.Pages;

/// <summary>
/// One draft in the builder: what still stops it from being published (in Japanese), its metadata form, its questions,
/// the request for a second person's check, that person's approval (publishing) or 差戻し, discarding, and the export.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DraftModel(ProcedureBuilder builder, CityOffice.DepartmentDirectory departments, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Yomi { get; set; }

    [BindProperty]
    public string? Category { get; set; }

    [BindProperty]
    public List<string> LifeEvents { get; set; } = [];

    [BindProperty]
    public string? Department { get; set; }

    [BindProperty]
    public string? LegalBasis { get; set; }

    [BindProperty]
    public string? MyNumberLegalBasis { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? WhoSelf { get; set; }

    [BindProperty]
    public string? WhoProxy { get; set; }

    [BindProperty]
    public string? IdentityLevel { get; set; }

    [BindProperty]
    public string? FeeType { get; set; }

    [BindProperty]
    public string? FeeAmount { get; set; }

    [BindProperty]
    public string? FeeDescription { get; set; }

    [BindProperty]
    public string? Attachments { get; set; }

    [BindProperty]
    public string? StandardProcessingDays { get; set; }

    [BindProperty]
    public List<string> Channels { get; set; } = [];

    [BindProperty]
    public string? ExternalUrl { get; set; }

    [BindProperty]
    public string? Mode { get; set; }

    [BindProperty]
    public bool RequiresApproval { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public DraftView View { get; private set; } = null!;

    public DraftChanges Changes { get; private set; } = new([], null);

    public string? Done { get; private set; }

    public string Title => (View.Definition["name"] as JsonValue)?.GetValue<string>() is { Length: > 0 } name ? name : View.Draft.ProcedureId;

    public bool SecondPersonApproval => builder.SecondPersonApproval;

    public bool MayReview => !SecondPersonApproval || View.Draft.SubmittedBy != User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    public IReadOnlyList<SelectListItem> Categories => CatalogVocabulary.Categories.Select(c => new SelectListItem(c, c)).ToList();

    public IReadOnlyList<SelectListItem> LifeEventChoices => CatalogVocabulary.LifeEvents.Select(e => new SelectListItem(e, e, LifeEvents.Contains(e))).ToList();

    public IReadOnlyList<SelectListItem> Departments { get; private set; } = [];

    private IReadOnlyDictionary<string, string> departmentNames = new Dictionary<string, string>();

    public string DepartmentName(string? id) => id is not null && departmentNames.TryGetValue(id, out var name) ? name : id ?? "—";

    public IReadOnlyList<SelectListItem> IdentityLevels => ProcedureMetadata.IdentityLevels.Select(l => new SelectListItem(t[$"Builder.Identity.{l}"], l)).ToList();

    public IReadOnlyList<SelectListItem> FeeTypes
    {
        get
        {
            var types = new List<SelectListItem> { new(t["Builder.Fee.none"], "none"), new(t["Builder.Fee.fixed"], "fixed") };
            if (View.Definition["fee"]?["type"]?.GetValue<string>() is "per-copy" or "computed")
            {
                types.Add(new SelectListItem(t["Builder.Fee.keep"], "keep"));
            }

            return types;
        }
    }

    public IReadOnlyList<SelectListItem> ChannelChoices => ProcedureMetadata.ChannelKeys.Select(c => new SelectListItem(t[$"Builder.Channel.{c}"], c, Channels.Contains(c))).ToList();

    public IReadOnlyList<SelectListItem> Modes => ProcedureMetadata.Modes.Select(m => new SelectListItem(t[$"Builder.Mode.{m}"], m)).ToList();

    /// <summary>The form's steps and their questions' labels, a repeated group's as "group › question" (the field editor comes next: docs/decisions/0020).</summary>
    public IReadOnlyList<(string Title, IReadOnlyList<string> Labels)> Steps =>
        (View.Definition["form"]?["steps"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(step => (Text(step["title"]), (IReadOnlyList<string>)Labels(step["fields"] as JsonArray, string.Empty).ToList()))
            .ToList();

    private static IEnumerable<string> Labels(JsonArray? fields, string prefix)
    {
        foreach (var field in (fields ?? []).OfType<JsonObject>())
        {
            yield return prefix + Text(field["label"]);
            foreach (var child in Labels(field["fields"] as JsonArray, prefix + Text(field["label"]) + " › "))
            {
                yield return child;
            }
        }
    }

    private static string Text(JsonNode? node) => (node as JsonValue)?.GetValue<string>() ?? string.Empty;

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }

        Show();
        Done = done is "saved" or "submitted" or "approved" or "returned" or "discarded" ? t[$"Builder.Done.{done}"].Value : null;
        return Page();
    }

    /// <summary>ファイルに書き出す: the draft as a catalog file.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var exported = await builder.ExportDraftAsync(User, Id, cancellationToken);
        return exported.Problem is { } problem ? this.Elsewhere(problem) ?? NotFound() : File(exported.Value.Content, "application/json; charset=utf-8", exported.Value.Name);
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken) =>
        ActAsync("saved", () => builder.SaveMetadataAsync(User, Id, Revision, Typed(), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken cancellationToken) =>
        ActAsync("submitted", () => builder.SubmitAsync(User, Id, Revision, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) =>
        ActAsync("approved", () => builder.ApproveAsync(User, Id, Revision, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReturnAsync(CancellationToken cancellationToken) =>
        ActAsync("returned", () => builder.ReturnAsync(User, Id, Revision, Reason, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDiscardAsync(CancellationToken cancellationToken) =>
        ActAsync("discarded", () => builder.DiscardAsync(User, Id, Revision, cancellationToken), cancellationToken);

    private ProcedureMetadata Typed() => new()
    {
        Name = Name, Yomi = Yomi, Category = Category, LifeEvents = LifeEvents, Department = Department, LegalBasis = LegalBasis, MyNumberLegalBasis = MyNumberLegalBasis,
        Description = Description, WhoSelf = WhoSelf, WhoProxy = WhoProxy, IdentityLevel = IdentityLevel, FeeType = FeeType, FeeAmount = FeeAmount,
        FeeDescription = FeeDescription, Attachments = Attachments, StandardProcessingDays = StandardProcessingDays, Channels = Channels, RequiresApproval = RequiresApproval,
        Mode = Mode, ExternalUrl = ExternalUrl,
    };

    private async Task<IActionResult> ActAsync(string done, Func<Task<Result<ProcedureDraft>>> act, CancellationToken cancellationToken)
    {
        var acted = await act();
        if (acted.Problem is not { } problem)
        {
            return Redirect($"/staff/builder/drafts/{Id}?done={done}");
        }

        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        if (await LoadAsync(cancellationToken) is { } away)
        {
            return away;
        }

        // What was typed stays on the page; the hidden revision is the draft's now, so that saving again goes through.
        Revision = View.Draft.Revision;
        Response.StatusCode = this.Report(problem, field => field switch
        {
            "reason" => nameof(Reason),
            "" => string.Empty,
            _ => char.ToUpperInvariant(field[0]) + field[1..],
        });
        return Page();
    }

    private void Show()
    {
        var metadata = ProcedureMetadata.Of(View.Definition);
        Revision = View.Draft.Revision;
        (Name, Yomi, Category, LifeEvents, Department, LegalBasis, MyNumberLegalBasis) =
            (metadata.Name, metadata.Yomi, metadata.Category, [.. metadata.LifeEvents], metadata.Department, metadata.LegalBasis, metadata.MyNumberLegalBasis);
        (Description, WhoSelf, WhoProxy, IdentityLevel, FeeType, FeeAmount, FeeDescription) =
            (metadata.Description, metadata.WhoSelf, metadata.WhoProxy, metadata.IdentityLevel, metadata.FeeType, metadata.FeeAmount, metadata.FeeDescription);
        (Attachments, StandardProcessingDays, Channels, RequiresApproval, Mode, ExternalUrl) =
            (metadata.Attachments, metadata.StandardProcessingDays, [.. metadata.Channels], metadata.RequiresApproval, metadata.Mode, metadata.ExternalUrl);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await builder.FindAsync(User, Id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }

        View = found.Value!;
        Changes = await builder.ChangesAsync(View, cancellationToken);
        var known = await departments.ListAsync(cancellationToken);
        departmentNames = known.ToDictionary(d => d.Id, d => d.Name);
        Departments = known.Where(d => User.IsInRole(StaffRoles.DxOffice) || d.Id == View.Draft.Department).Select(d => new SelectListItem(d.Name, d.Id)).ToList();
        return null;
    }
}
