using Madoguchi.Platform.Csv;
using System.Globalization;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework;

/// <summary>
/// The back office API for staff tools and RPA (staff bearer tokens with scope <c>cases</c>; the token's 課 is the
/// scope of everything it sees and does).
/// </summary>
public static class CasesApi
{
    public sealed record CaseItem(
        Guid Id, string ReceiptNumber, string ProcedureId, string ProcedureName, string Status, string Channel, DateTime ReceivedAt,
        DateOnly? DueOn, bool Overdue, string? Assignee, string? ApplicantName, string? PendingDecision);

    /// <summary><c>totalIsAtLeast</c>: there are more than <c>total - 1</c> cases; the count stops there (10,000).</summary>
    public sealed record CaseList(IReadOnlyList<CaseItem> Items, int Total, bool TotalIsAtLeast, int Page, int PageSize);

    public sealed record HistoryItem(string? From, string To, DateTime At, string By, string? Reason);

    public sealed record NoteItem(string Kind, string Text, string Author, DateTime At);

    public sealed record CaseView(
        Guid Id, string ReceiptNumber, string ProcedureId, string? ProcedureName, int FormVersion, string Status, int Revision,
        string Channel, DateTime ReceivedAt, DateOnly? DueOn, bool Overdue, string? Assignee, string? ApplicantName,
        bool RequiresApproval, string? PendingDecision, string? PendingDecisionReason, IReadOnlyList<string> AllowedTransitions,
        JsonNode Answers, IReadOnlyList<HistoryItem> History, IReadOnlyList<NoteItem> Notes);

    public sealed record TransitionRequest(string? To, string? Reason, int? Revision);

    public sealed record TransitionResult(Guid Id, string ReceiptNumber, string Status, int Revision, string? PendingDecision, IReadOnlyList<string> AllowedTransitions);

    public static void MapCasesApi(this IEndpointRouteBuilder endpoints)
    {
        var cases = endpoints.MapGroup("/api/v1/cases").RequireAuthorization(ScopePolicies.For(ApiScopes.Cases)).WithTags("Cases");
        cases.MapGet(string.Empty, ListAsync)
            .WithSummary("The token's department's cases; filters: status, procedure, channel, receivedFrom, receivedTo (yyyy-MM-dd), assignee (me, none or a user id), overdue, q (receipt number or applicant), page, pageSize")
            .Produces<CaseList>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        cases.MapGet("/{id:guid}", ShowAsync)
            .WithSummary("One case with its answers (個人番号 masked), history, notes and allowed transitions")
            .Produces<CaseView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapPost("/{id:guid}/transitions", TransitionAsync)
            .WithSummary("Moves the case: {\"to\": status, \"reason\": text, \"revision\": the revision you saw (optional; If-Match works too)}. An illegal move is 409 with the allowed moves.")
            .Produces<TransitionResult>()
            .Produces<TransitionResult>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        var exports = endpoints.MapGroup("/api/v1/procedures/{id}").RequireAuthorization(ScopePolicies.For(ApiScopes.Cases)).WithTags("Cases");
        exports.MapGet("/cases.csv", (string id, HttpContext http, Export.CaseExport export, IStringLocalizer<Messages> t, CancellationToken cancellationToken, string? encoding = null, int? version = null) =>
                ExportAsync(id, "csv", encoding, version, http, export, t, cancellationToken))
            .WithSummary("The procedure's cases of one form version as CSV (UTF-8 with BOM; ?encoding=shift_jis for Shift_JIS), one column per question, the same as the screen's export")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        exports.MapGet("/cases.json", (string id, HttpContext http, Export.CaseExport export, IStringLocalizer<Messages> t, CancellationToken cancellationToken, int? version = null) =>
                ExportAsync(id, "json", null, version, http, export, t, cancellationToken))
            .WithSummary("The procedure's cases of one form version as JSON, answers as submitted (個人番号 masked)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ExportAsync(
        string id, string format, string? encodingName, int? version, HttpContext http, Export.CaseExport export, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        if (ExportEncodings.Parse(encodingName) is not { } encoding)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["encoding"] = [t["Export.Error.Encoding"]] }, title: t["Api.ValidationTitle"]);
        }

        var (outcome, plan) = await export.PlanAsync(StaffActor.From(http.User), id, version, format, encoding, cancellationToken);
        if (plan is null)
        {
            return outcome == Export.ExportOutcome.Forbidden
                ? TypedResults.Problem(title: t["Api.Cases.Forbidden"], statusCode: StatusCodes.Status403Forbidden)
                : TypedResults.Problem(title: t["Api.Applications.NotFound"], statusCode: StatusCodes.Status404NotFound);
        }

        var fileName = Export.CaseExport.FileName(plan, format, http.RequestServices.GetRequiredService<TimeProvider>());
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Export.CaseExport));
        return format == "csv"
            ? TypedResults.Stream(stream => ExportStreaming.WriteOrAbortAsync(http, logger, s => export.WriteCsvAsync(plan, encoding, s, cancellationToken), stream), ExportEncodings.ContentType(encoding), fileName)
            : TypedResults.Stream(stream => ExportStreaming.WriteOrAbortAsync(http, logger, s => export.WriteJsonAsync(plan, s, cancellationToken), stream), "application/json; charset=utf-8", fileName);
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, CaseService cases, IStringLocalizer<Messages> t, CancellationToken cancellationToken,
        string? status = null, string? procedure = null, string? channel = null, string? receivedFrom = null, string? receivedTo = null,
        string? assignee = null, bool overdue = false, string? q = null, int page = 1, int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !CaseWorkflow.Statuses.Contains(status))
        {
            errors["status"] = [t["Api.Cases.UnknownStatus", string.Join(", ", CaseWorkflow.Statuses)]];
        }

        var from = ParseDate(receivedFrom, "receivedFrom", errors, t);
        var to = ParseDate(receivedTo, "receivedTo", errors, t);
        if (page < 1 || pageSize is < 1 or > 200)
        {
            errors[page < 1 ? "page" : "pageSize"] = [t["Api.Cases.Paging"]];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: t["Api.ValidationTitle"]);
        }

        var found = await cases.InboxAsync(StaffActor.From(http.User), new CaseFilter(status, procedure, channel, from, to, assignee, overdue, q, page, pageSize), cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem.ToHttp(http);
        }

        var result = found.Value!;
        return TypedResults.Ok(new CaseList(
            result.Items.Select(i => new CaseItem(i.Id, i.ReceiptNumber, i.ProcedureId, i.ProcedureName, i.Status, i.Channel, i.ReceivedAt, i.DueOn, i.Overdue, i.AssigneeUserId, i.ApplicantName, i.PendingDecision)).ToList(),
            result.Total, result.TotalIsAtLeast, result.Page, result.PageSize));
    }

    private static DateOnly? ParseDate(string? value, string name, Dictionary<string, string[]> errors, IStringLocalizer<Messages> t)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[name] = [t["Api.Cases.Date"]];
        return null;
    }

    private static async Task<IResult> ShowAsync(
        Guid id, HttpContext http, CaseService cases, MyNumberVault myNumbers, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        var found = await cases.GetAsync(StaffActor.From(http.User), id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem.ToHttp(http);
        }

        var detail = found.Value!;
        var a = detail.Application;
        http.Response.Headers.ETag = Etag(a.Revision);
        return TypedResults.Ok(new CaseView(
            a.Id, a.ReceiptNumber, a.ProcedureId, detail.Procedure?.Name, a.ProcedureVersion, a.Status, a.Revision, a.Channel, a.SubmittedAt,
            a.DueOn, detail.Overdue, a.AssigneeUserId, a.ApplicantName, detail.RequiresApproval, a.PendingDecision, a.PendingDecisionReason,
            detail.AllowedMoves, detail.Form is null ? [] : myNumbers.OpenMasked(detail.Form, a.Answers),
            detail.History.Select(h => new HistoryItem(h.FromStatus, h.ToStatus, h.ChangedAt, h.ChangedBy, h.Reason)).ToList(),
            detail.Notes.Select(n => new NoteItem(n.Kind, n.Text, n.AuthorId, n.CreatedAt)).ToList()));
    }

    private static async Task<IResult> TransitionAsync(
        Guid id, TransitionRequest body, HttpContext http, CaseService cases, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.To))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = [t["Api.Cases.ToRequired", string.Join(", ", CaseWorkflow.Statuses)]] }, title: t["Api.ValidationTitle"]);
        }

        var revision = body.Revision ?? IfMatch(http);
        var result = await cases.MoveAsync(StaffActor.From(http.User), id, body.To, body.Reason, revision, cancellationToken);
        if (result.Problem is { } problem)
        {
            return problem.ToHttp(http);
        }

        var (a, allowed, proposed) = result.Value!;
        http.Response.Headers.ETag = Etag(a.Revision);
        var view = new TransitionResult(a.Id, a.ReceiptNumber, a.Status, a.Revision, a.PendingDecision, allowed);
        return proposed ? TypedResults.Accepted($"/api/v1/cases/{a.Id}", view) : TypedResults.Ok(view);
    }

    private static string Etag(int revision) => string.Create(CultureInfo.InvariantCulture, $"\"{revision}\"");

    private static int? IfMatch(HttpContext http) =>
        http.Request.Headers.IfMatch.ToString().Trim().TrimStart('W', '/').Trim('"') is { Length: > 0 } value &&
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : null;
}
