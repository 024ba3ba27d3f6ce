using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Csv;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Time;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Administration.Audit;

/// <summary>
/// Searching the audit trail (system administrators): by person, action, kind of thing, thing and period, shown with
/// names, 課 and Japanese action names, and exported as CSV for an auditor. The search and the export are audited.
/// </summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class IndexModel(MadoguchiDbContext db, AuditTrail audit, AccountNames accounts, IStringLocalizer<Messages> t, TimeProvider clock) : PageModel
{
    private const int PageSize = 50;

    /// <summary>An export is for an auditor's question, not a copy of the trail: beyond this, narrow the period.</summary>
    public const int MaxExportRows = 100_000;

    /// <summary>The option that selects a whole group of actions (サインイン: all of signin.*).</summary>
    public const string GroupSuffix = ".*";

    [BindProperty(SupportsGet = true)]
    public FilterInput Filter { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Encoding { get; set; } = "utf-8";

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    public long? NextBefore { get; private set; }

    public AuditVocabulary Vocabulary { get; private set; } = null!;

    public string NextPageUrl => UrlWith("before", NextBefore?.ToString(CultureInfo.InvariantCulture));

    public string ExportUrl(string encoding) => UrlWith("before", null, ("handler", "Export"), ("Encoding", encoding));

    public sealed class FilterInput
    {
        /// <summary>A staff member's id, or <c>system</c>.</summary>
        public string? Person { get; set; }

        /// <summary>Any other account id (a resident's, from their case) or a label such as <c>cli:yamada</c>.</summary>
        public string? ActorId { get; set; }

        /// <summary>An action code, or a group (<c>signin.*</c>).</summary>
        public string? Action { get; set; }

        public string? ResourceType { get; set; }

        public string? ResourceId { get; set; }

        public DateInput From { get; set; } = new();

        public DateInput To { get; set; } = new();
    }

    public string FormatInstant(DateTime utc) => JapaneseDate.FormatInstant(utc, withSeconds: true);

    public IEnumerable<SelectListItem> PersonOptions() =>
        Vocabulary.Staff.Select(member => new SelectListItem($"{member.Name}（{member.DepartmentName ?? t["Audit.NoDepartment"]}）", member.Id))
            .Prepend(new SelectListItem(t["AuditActor.System"], "system"));

    /// <summary>Each group first as a whole (「サインイン（すべて）」), then its actions.</summary>
    public IEnumerable<SelectListItem> ActionOptions() =>
        Vocabulary.Groups.SelectMany(g =>
        {
            var group = new SelectListGroup { Name = g.Name };
            return Vocabulary.Actions.Where(a => a.Group == g.Code).Select(a => new SelectListItem(a.Name, a.Code) { Group = group })
                .Prepend(new SelectListItem(t["Audit.WholeGroup", g.Name], g.Code + GroupSuffix) { Group = group });
        });

    public IEnumerable<SelectListItem> ResourceTypeOptions() => Vocabulary.ResourceTypes.Select(r => new SelectListItem(r.Name, r.Code));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var query = await FilteredAsync(cancellationToken);
        if (query is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (Before is { } before)
        {
            query = query.Where(e => e.Sequence < before);
        }

        var page = await query.OrderByDescending(e => e.Sequence).Take(PageSize + 1).ToListAsync(cancellationToken);
        Events = page.Take(PageSize).ToList();
        NextBefore = page.Count > PageSize ? Events[^1].Sequence : null;
        await NameActorsAsync(Events.Select(e => e.Actor), cancellationToken);
        await audit.RecordAsync(new AuditEntry("audit.searched", Details: Searched()), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var encoding = ExportEncodings.Parse(Encoding);
        if (encoding is null)
        {
            ModelState.AddModelError(nameof(Encoding), t["Export.Error.Encoding"]);
        }

        var query = await FilteredAsync(cancellationToken);
        if (query is null || encoding is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var rows = await query.CountAsync(cancellationToken);
        if (rows > MaxExportRows)
        {
            ModelState.AddModelError("Filter.From", t["Audit.Error.TooMany", rows, MaxExportRows]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Audited before the first byte leaves, so that no export happens unrecorded.
        await audit.RecordAsync(new AuditEntry("audit.exported", Details: new { filter = Searched(), rows, encoding = encoding.Value.ToString() }), cancellationToken);
        await NameActorsAsync(await query.Select(e => e.Actor).Distinct().ToListAsync(cancellationToken), cancellationToken);
        Response.ContentType = ExportEncodings.ContentType(encoding.Value);
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = $"audit-{JapanTime.Today(clock):yyyyMMdd}.csv" }.ToString();
        Response.Headers.CacheControl = "no-store";
        var logger = HttpContext.RequestServices.GetRequiredService<ILogger<IndexModel>>();
        await ExportStreaming.WriteOrAbortAsync(HttpContext, logger, body => WriteCsvAsync(query, encoding.Value, body, cancellationToken), Response.Body);
        return new EmptyResult();
    }

    private async Task WriteCsvAsync(IQueryable<AuditEvent> query, ExportEncoding encoding, Stream body, CancellationToken cancellationToken)
    {
        await using var writer = SpreadsheetCsv.Create(body, encoding);
        await writer.WriteRecordAsync(
            [t["Audit.Sequence"], t["Audit.When"], t["Audit.Actor"], t["Audit.Department"], t["Audit.ActorId"], t["Audit.Action"], t["Audit.ActionCode"],
             t["Audit.ResourceType"], t["Audit.ResourceId"], t["Audit.Reason"], t["Audit.Details"], t["Audit.IpAddress"], t["Audit.CorrelationId"]],
            cancellationToken);
        var row = new string[13];
        await foreach (var e in query.OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var (name, department) = Vocabulary.ActorName(e.Actor);
            row[0] = e.Sequence.ToString(CultureInfo.InvariantCulture);
            row[1] = JapanTime.ToLocal(e.OccurredAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            row[2] = name;
            row[3] = department ?? string.Empty;
            row[4] = e.Actor;
            row[5] = Vocabulary.ActionName(e.Action);
            row[6] = e.Action;
            row[7] = Vocabulary.ResourceName(e.ResourceType);
            row[8] = e.ResourceId ?? string.Empty;
            row[9] = e.Reason ?? string.Empty;
            row[10] = e.Details ?? string.Empty;
            row[11] = e.IpAddress ?? string.Empty;
            row[12] = e.CorrelationId ?? string.Empty;
            await writer.WriteRecordAsync(row, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The trail narrowed by the filters, each checked against what exists; null (with the errors) when one is wrong.</summary>
    private async Task<IQueryable<AuditEvent>?> FilteredAsync(CancellationToken cancellationToken)
    {
        Vocabulary = new AuditVocabulary(t, await accounts.StaffAsync(cancellationToken), await accounts.DepartmentsAsync(cancellationToken), new HashSet<string>());
        var query = db.AuditEvents.AsNoTracking().AsQueryable();
        if (Clean(Filter.Person) is { } person)
        {
            if (person != "system" && Vocabulary.Staff.All(s => s.Id != person))
            {
                ModelState.AddModelError("Filter.Person", t["Audit.Error.Person"]);
            }

            query = person == "system" ? query.Where(e => e.Actor == "system" || e.Actor.StartsWith("system:")) : query.Where(e => e.Actor == person);
        }

        if (Clean(Filter.ActorId) is { } actorId)
        {
            query = query.Where(e => e.Actor == actorId);
        }

        if (Clean(Filter.Action) is { } action)
        {
            if (ActionFilter(action) is { } predicate)
            {
                query = query.Where(predicate);
            }
            else
            {
                ModelState.AddModelError("Filter.Action", t["Audit.Error.Action"]);
            }
        }

        if (Clean(Filter.ResourceType) is { } resourceType)
        {
            if (Vocabulary.ResourceTypes.All(r => r.Code != resourceType))
            {
                ModelState.AddModelError("Filter.ResourceType", t["Audit.Error.ResourceType"]);
            }

            query = query.Where(e => e.ResourceType == resourceType);
        }

        if (Clean(Filter.ResourceId) is { } resourceId)
        {
            query = query.Where(e => e.ResourceId == resourceId);
        }

        var from = DateInputFilter.Read(Filter.From, "Filter.From", ModelState, t);
        var to = DateInputFilter.Read(Filter.To, "Filter.To", ModelState, t);
        if (from is not null && to is not null && to < from)
        {
            ModelState.AddModelError("Filter.To", t["Audit.Error.Period"]);
        }

        if (from is { } fromDate)
        {
            var fromUtc = JapanTime.StartOfDayUtc(fromDate);
            query = query.Where(e => e.OccurredAt >= fromUtc);
        }

        if (to is { } toDate)
        {
            var toUtc = JapanTime.StartOfDayUtc(toDate.AddDays(1));
            query = query.Where(e => e.OccurredAt < toUtc);
        }

        return ModelState.IsValid ? query : null;
    }

    /// <summary>A whole group or one action, looked up among the named actions (never taken as typed).</summary>
    private Expression<Func<AuditEvent, bool>>? ActionFilter(string value)
    {
        if (Vocabulary.Groups.FirstOrDefault(g => g.Code + GroupSuffix == value) is { Code: { } group })
        {
            var prefix = group + ".";
            return e => e.Action == group || e.Action.StartsWith(prefix);
        }

        return Vocabulary.Actions.FirstOrDefault(a => a.Code == value) is { } known ? e => e.Action == known.Code : null;
    }

    private async Task NameActorsAsync(IEnumerable<string> actors, CancellationToken cancellationToken) =>
        Vocabulary = new AuditVocabulary(t, Vocabulary.Staff.ToList(), Vocabulary.Departments, await accounts.ResidentsAmongAsync(actors.Distinct().ToList(), cancellationToken));

    private object Searched() => new { Filter.Person, Filter.ActorId, Filter.Action, Filter.ResourceType, Filter.ResourceId };

    private string UrlWith(string drop, string? value, params (string Key, string Value)[] extra)
    {
        var pairs = Request.Query.Where(q => q.Key != drop && q.Key != "handler" && extra.All(e => e.Key != q.Key))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)));
        if (value is not null)
        {
            pairs = pairs.Append(new(drop, value));
        }

        return $"{Request.Path}{QueryString.Create(pairs)}";
    }

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Normalize(NormalizationForm.FormKC).Trim();
}
