using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

using Madoguchi.Platform.Outcomes;

namespace Madoguchi.Features.Casework.Inbox;

/// <summary>
/// 案件一覧: the officer's 課's cases with filters (a plain GET form, so a filtered list can be bookmarked and works
/// without script), overdue cases marked in words as well as colour, newest first.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(CaseService cases, ProcedureCatalog catalog, DepartmentStaff staff, IStringLocalizer<Messages> t) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public FilterInput Filter { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public CasePage Result { get; private set; } = new([], 0, 1, PageSize);

    public IReadOnlyList<SelectListItem> Statuses { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Procedures { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Channels { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Assignees { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string DepartmentName { get; private set; } = string.Empty;

    public sealed class FilterInput
    {
        public string? Status { get; set; }

        public string? Procedure { get; set; }

        public string? Channel { get; set; }

        public string? Assignee { get; set; }

        public bool Overdue { get; set; }

        public string? Q { get; set; }

        public DateInput From { get; set; } = new();

        public DateInput To { get; set; } = new();
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = StaffActor.From(User);
        if (actor.Department is null || !actor.HandlesCasesOf(actor.Department))
        {
            return Forbid();
        }

        var handlers = await staff.HandlersAsync(actor.Department, cancellationToken);
        Names = handlers.ToDictionary(h => h.UserId, h => h.Name);
        DepartmentName = await staff.DepartmentNameAsync(actor.Department, cancellationToken);
        Statuses = CaseWorkflow.Statuses.Select(s => new SelectListItem(t[$"CaseStatus.{s}"], s)).ToList();
        Procedures = (await catalog.AllAsync(cancellationToken)).Where(p => p.Definition.Department == actor.Department)
            .Select(p => new SelectListItem(p.Definition.Name, p.Definition.Id)).ToList();
        Channels = ApplicationChannel.All.Select(c => new SelectListItem(t[$"CaseChannel.{c}"], c)).ToList();
        Assignees = new[] { new SelectListItem(t["Cases.AssigneeMe"], CaseFilter.AssigneeMe), new SelectListItem(t["Cases.AssigneeNobody"], CaseFilter.AssigneeNobody) }
            .Concat(handlers.Select(h => new SelectListItem(h.Name, h.UserId))).ToList();

        var from = DateInputFilter.Read(Filter.From, "Filter.From", ModelState, t);
        var to = DateInputFilter.Read(Filter.To, "Filter.To", ModelState, t);
        if (Filter.Status is { Length: > 0 } status && !CaseWorkflow.Statuses.Contains(status))
        {
            ModelState.AddModelError("Filter.Status", t["Cases.Error.Status"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var found = await cases.InboxAsync(actor, new CaseFilter(
            Filter.Status, Filter.Procedure, Filter.Channel, from, to, Filter.Assignee, Filter.Overdue, Filter.Q, Math.Max(1, PageNumber), PageSize), cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? Forbid();
        }

        Result = found.Value!;
        return Page();
    }

    public string PageUrl(int page) =>
        $"{Request.Path}{QueryString.Create(Request.Query.Where(q => q.Key != "p").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).Append(new("p", page.ToString(System.Globalization.CultureInfo.InvariantCulture))))}";
}
