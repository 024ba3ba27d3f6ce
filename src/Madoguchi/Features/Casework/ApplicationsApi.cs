using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Load;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework;

/// <summary>
/// Applying through the API (apps and portals acting for residents): the same frozen-version validation, receipt,
/// audit event and confirmation e-mail as the web journey, made idempotent by the Idempotency-Key header.
/// </summary>
public static class ApplicationsApi
{
    /// <summary>What was applied for; with a fee to pay first (status awaiting_payment), the order and where to pay it.</summary>
    public sealed record SubmittedApplication(string ReceiptNumber, string Status, int FormVersion, FeeToPay? Fee = null);

    /// <summary>A fee to pay before the case reaches the back office: the order's 納付番号, yen, due date, and its page.</summary>
    public sealed record FeeToPay(string Reference, int Amount, DateOnly? DueDate, string PayUrl);

    public sealed record StatusChangeItem(string? From, string To, DateTime At, string? Reason);

    public sealed record ApplicationDetail(
        string ReceiptNumber, string ProcedureId, string ProcedureName, int FormVersion, string Status, string Channel,
        DateTime SubmittedAt, JsonNode Answers, IReadOnlyList<StatusChangeItem> History);

    public static void MapApplicationsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/procedures/{id}/applications", SubmitAsync)
            .RequireAuthorization(Policies.ApiTokenOptional)
            .ShedsLoad()
            .RequireIdempotencyKey()
            .WithTags("Applications")
            .WithSummary("Apply: the body is the answers as JSON (files inline as {name, contentBase64}); anonymous only for identity level none")
            .Accepts<JsonObject>("application/json")
            .Produces<SubmittedApplication>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/api/v1/applications/{receiptNumber}", ShowAsync)
            .RequireAuthorization(Policies.ApiToken)
            .WithTags("Applications")
            .WithSummary("One application, for its applicant or staff of the procedure's department (anyone else: 404)");
    }

    private static async Task<IResult> SubmitAsync(
        string id, HttpContext http, ProcedureCatalog catalog, Applying.ApplyOperation apply, Jpki.SignedSubmissions signatures, Platform.Configuration.PublicUrl site,
        IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        var procedure = await catalog.FindAsync(id, cancellationToken);
        if (procedure is null)
        {
            // A procedure staff stopped or ended is there, but takes nothing: said as such, not as unknown.
            return await catalog.EntryAsync(id, cancellationToken) is null
                ? TypedResults.Problem(title: t["Api.Applications.NotFound"], statusCode: StatusCodes.Status404NotFound)
                : new Problem(ProblemKind.Conflict, t["Apply.NotOffered"]).ToHttp(http);
        }

        // Who calls (the API's own concern): a valid resident token with the applications scope, or nobody.
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        if (!signedIn && !string.IsNullOrEmpty(http.Request.Headers.Authorization))
        {
            return Unauthorized(http, t["Api.InvalidToken"]);
        }

        if (signedIn && http.User.FindFirstValue(MadoguchiClaims.AccountKind) != nameof(AccountKind.Citizen))
        {
            return TypedResults.Problem(title: t["Api.Applications.ResidentsOnly"], statusCode: StatusCodes.Status403Forbidden);
        }

        if (signedIn && !http.User.HasClaim(MadoguchiClaims.Scope, ResidentApiScopes.Applications))
        {
            return TypedResults.Problem(title: t["Api.Applications.ScopeMissing"], statusCode: StatusCodes.Status403Forbidden);
        }

        // What the procedure asks of the applicant (its rule, the same on every channel); a signature, if it asks
        // for one, is then checked against the body. A token cannot show a sign-in with the card.
        var definition = procedure.Definition;
        switch (definition.Admits(new ApplicantProof(signedIn, CardSignIn: false, CardSignature: definition.NeedsCardSignature)))
        {
            case ApplyDenial.NotOnline:
                return TypedResults.Problem(title: t["Api.Applications.NotOnline"], statusCode: StatusCodes.Status409Conflict);
            case ApplyDenial.NotHere or ApplyDenial.NeedsCardSignIn:
                return TypedResults.Problem(title: t["Api.Applications.NeedsCard"], statusCode: StatusCodes.Status403Forbidden);
            case ApplyDenial.NeedsAccount:
                return Unauthorized(http, t["Api.Applications.NeedsAccount"]);
        }

        var body = await ReadBodyAsync(http, cancellationToken);
        var answers = ParseAnswers(body);
        if (answers is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [t["Api.Answers.NotJson"]] }, title: t["Api.ValidationTitle"]);
        }

        Jpki.SignedSubmission? signed = null;
        if (definition.NeedsCardSignature)
        {
            signed = await signatures.CheckAsync(http, id, body, cancellationToken);
            if (!signed.Report.IsValid)
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [Jpki.SignedSubmissions.HeaderName] = [signed.Message] }, title: t["Api.ValidationTitle"]);
            }
        }

        var call = IdempotencyFilter.CallOf(http);
        var userId = signedIn ? http.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var submitted = await apply.SubmitAsync(
            new Applying.ApplyRequest(definition, procedure.Version, procedure.Form!, answers, ApplicationChannel.Api)
            {
                UserId = userId,
                Email = userId is not null ? http.User.FindFirstValue(ClaimTypes.Email) : null,
                ConfirmToAnsweredAddress = userId is null,
                AnswersFromJson = true,
                SealSignature = signed is null ? null : token => signatures.SealAsync(signed, id, token),
                Idempotency = call,
                Answer = (application, order) => new Platform.Api.IdempotentAnswer(StatusCodes.Status201Created, Submitted(application, order, site), LocationOf(application)),
            },
            cancellationToken);
        if (submitted.Problem is { } problem)
        {
            return problem.ToHttp(http);
        }

        if (submitted.Value!.Earlier is { } earlier)
        {
            return IdempotencyFilter.Answer(http, earlier, call!.RequestHash); // the same key raced in and won
        }

        var created = submitted.Value.Application!;
        return TypedResults.Created(LocationOf(created), Submitted(created, submitted.Value.FeeOrder, site));
    }

    private static SubmittedApplication Submitted(Application application, Payments.PaymentOrder? order, Platform.Configuration.PublicUrl site) =>
        new(application.ReceiptNumber, application.Status, application.ProcedureVersion,
            order is null ? null : new FeeToPay(order.Reference, order.Amount, order.DueDate, $"{site.Base}/payments/orders/{order.Reference}"));

    private static string LocationOf(Application application) => $"/api/v1/applications/{application.ReceiptNumber}";

    private static async Task<Results<Ok<ApplicationDetail>, ProblemHttpResult>> ShowAsync(
        string receiptNumber, HttpContext http, MadoguchiDbContext db, ProcedureCatalog catalog, AuditTrail audit, MyNumberVault myNumbers,
        IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        var notFound = TypedResults.Problem(title: t["Api.Applications.ApplicationNotFound"], statusCode: StatusCodes.Status404NotFound);
        var application = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.ReceiptNumber == receiptNumber, cancellationToken);
        if (application is null)
        {
            return notFound;
        }

        var procedure = await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken);
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var isApplicant = http.User.FindFirstValue(MadoguchiClaims.AccountKind) == nameof(AccountKind.Citizen)
            && http.User.HasClaim(MadoguchiClaims.Scope, ResidentApiScopes.Applications)
            && application.ApplicantUserId is not null && application.ApplicantUserId == userId;
        // Staff read an application under the same rule as its case (StaffActor.HandlesCasesOf), never a looser one.
        var isDepartmentStaff = http.User.FindFirstValue(MadoguchiClaims.AccountKind) == nameof(AccountKind.Staff)
            && (http.User.HasClaim(MadoguchiClaims.Scope, ApiScopes.Applications) || http.User.HasClaim(MadoguchiClaims.Scope, ApiScopes.Cases))
            && StaffActor.From(http.User).HandlesCasesOf(application.Department);
        if (!isApplicant && !isDepartmentStaff)
        {
            return notFound; // the same answer whether it exists or not
        }

        if (isDepartmentStaff)
        {
            await audit.RecordAsync(new AuditEntry("application.viewed", "application", application.ReceiptNumber, Details: new { via = "api", tokenId = http.User.FindFirstValue("token_id") }), cancellationToken);
        }

        var form = await catalog.FormAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken);
        var history = await db.Set<ApplicationStatusChange>().AsNoTracking()
            .Where(c => c.ApplicationId == application.Id).OrderBy(c => c.Id)
            .Select(c => new StatusChangeItem(c.FromStatus, c.ToStatus, c.ChangedAt, c.Reason)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ApplicationDetail(
            application.ReceiptNumber, application.ProcedureId, procedure?.Name ?? application.ProcedureId, application.ProcedureVersion,
            application.Status, application.Channel, application.SubmittedAt, form is null ? [] : myNumbers.OpenMasked(form, application.Answers), history));
    }

    private static ProblemHttpResult Unauthorized(HttpContext http, string title)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(title: title, statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>The exact bytes submitted (what a card signature covers); the idempotency filter has buffered them.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static JsonObject? ParseAnswers(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
