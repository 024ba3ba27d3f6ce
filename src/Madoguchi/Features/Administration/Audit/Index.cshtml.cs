using System.Text;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Administration.Audit;

/// <summary>Searching the audit trail (system administrators). The search itself is audited.</summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class IndexModel(MadoguchiDbContext db, AuditTrail audit, IStringLocalizer<Messages> t) : PageModel
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public FilterInput Filter { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    public long? NextBefore { get; private set; }

    public string NextPageUrl => $"{Request.Path}{QueryString.Create(Request.Query.Where(q => q.Key != "before").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).Append(new("before", NextBefore?.ToString(System.Globalization.CultureInfo.InvariantCulture))))}";

    public sealed class FilterInput
    {
        public string? Action { get; set; }

        public string? Actor { get; set; }

        public string? ResourceType { get; set; }

        public string? ResourceId { get; set; }

        public DateInput From { get; set; } = new();

        public DateInput To { get; set; } = new();
    }

    public string FormatInstant(DateTime utc) => JapaneseDate.FormatInstant(utc, withSeconds: true);

    public async Task<IActionResult> OnGetAsync()
    {
        var query = db.AuditEvents.AsNoTracking().AsQueryable();
        if (Clean(Filter.Action) is { } action)
        {
            query = query.Where(e => e.Action.StartsWith(action));
        }

        if (Clean(Filter.Actor) is { } actor)
        {
            query = query.Where(e => e.Actor == actor);
        }

        if (Clean(Filter.ResourceType) is { } resourceType)
        {
            query = query.Where(e => e.ResourceType == resourceType);
        }

        if (Clean(Filter.ResourceId) is { } resourceId)
        {
            query = query.Where(e => e.ResourceId == resourceId);
        }

        if (DateInputFilter.Read(Filter.From, "Filter.From", ModelState, t) is { } from)
        {
            var fromUtc = JapaneseDate.ToUtc(from);
            query = query.Where(e => e.OccurredAt >= fromUtc);
        }

        if (DateInputFilter.Read(Filter.To, "Filter.To", ModelState, t) is { } to)
        {
            var toUtc = JapaneseDate.ToUtc(to.AddDays(1));
            query = query.Where(e => e.OccurredAt < toUtc);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (Before is { } before)
        {
            query = query.Where(e => e.Sequence < before);
        }

        var page = await query.OrderByDescending(e => e.Sequence).Take(PageSize + 1).ToListAsync();
        Events = page.Take(PageSize).ToList();
        NextBefore = page.Count > PageSize ? Events[^1].Sequence : null;
        await audit.RecordAsync(new AuditEntry("audit.searched", Details: new { Filter.Action, Filter.Actor, Filter.ResourceType, Filter.ResourceId }));
        return Page();
    }

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Normalize(NormalizationForm.FormKC).Trim();
}
