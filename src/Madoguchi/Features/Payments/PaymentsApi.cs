using System.Security.Claims;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments.Notices;
using Madoguchi.Platform.Api;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments;

/// <summary>
/// Payments for the city's systems (scope <c>payments</c>): make an order and its first payment, read a payment; and the
/// providers' webhook address, open to anyone but refused unless its signature holds.
/// </summary>
public static class PaymentsApi
{
    public sealed record PaymentItem(
        Guid Id, string Status, bool Finished, string? FailureCode, int Amount, string Reference, string Purpose, string? NextUrl, RefundSummary RefundSummary);

    /// <summary>GOV.UK Pay's refund summary: whether a refund can be made, and how much is left to refund.</summary>
    public sealed record RefundSummary(string Status, int AmountAvailable);

    public sealed record ConvenienceSlipItem(string Barcode, DateOnly? DueDate, int Amount, string Reference);

    public sealed record RefundItem(Guid Id, Guid PaymentId, int Amount, string Status, string? FailureCode, DateTime CreatedAt, int RefundAmountAvailable);

    public static void MapPaymentsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/payments").WithTags("Payments");
        api.MapPost("/", CreateAsync)
            .RequireAuthorization(ScopePolicies.For(ApiScopes.Payments))
            .RequireIdempotencyKey()
            .WithSummary("Make an order and start paying it: {\"amount\",\"purpose\",\"reference\",\"returnUrl\"} → 201 {\"id\",\"status\",\"nextUrl\"}")
            .Accepts<JsonObject>("application/json")
            .Produces<PaymentItem>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        api.MapGet("/{id:guid}", ShowAsync).RequireAuthorization(ScopePolicies.For(ApiScopes.Payments)).WithSummary("A payment as the provider last reported it");
        api.MapPost("/{id:guid}/refunds", RefundAsync)
            .RequireAuthorization(ScopePolicies.For(ApiScopes.Payments))
            .RequireIdempotencyKey()
            .WithSummary("Refund a successful payment in full or in part (出納員 only): {\"amount\",\"refund_amount_available\",\"reason\"} → 202; 412 when the amount available changed")
            .Accepts<JsonObject>("application/json")
            .Produces<RefundItem>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapGet("/{id:guid}/refunds", RefundsAsync).RequireAuthorization(ScopePolicies.For(ApiScopes.Payments)).WithSummary("A payment's refunds, newest first");
        api.MapGet("/{id:guid}/convenience-slip", SlipAsync)
            .RequireAuthorization(ScopePolicies.For(ApiScopes.Payments))
            .WithSummary("The payment's order as a convenience-store slip: {\"barcode\",\"dueDate\",\"amount\"}, or the A4 PDF with Accept: application/pdf")
            .Produces<ConvenienceSlipItem>()
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");
        api.MapPaymentSubscriptions();
        api.MapPost("/webhooks/{provider}", WebhookAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    private static async Task<IResult> CreateAsync(HttpContext http, PaymentDesk desk, PublicUrl publicUrl, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        if (await ReadObjectAsync(http, cancellationToken) is not { } body)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [t["Api.Body.NotJsonObject"]] }, title: t["Api.ValidationTitle"]);
        }

        var amount = body["amount"] is JsonValue a && a.TryGetValue<int>(out var yen) ? yen : 0;
        var purpose = body["purpose"] is JsonValue p && p.TryGetValue<string>(out var text) ? text : string.Empty;
        var returnUrl = body["returnUrl"] is JsonValue r && r.TryGetValue<string>(out var url) ? url : null;
        if (LocalPath(returnUrl, publicUrl.Base) is not { } returnPath)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["returnUrl"] = [t["Payments.Error.ReturnUrl"]] }, title: t["Payments.Error.Title"]);
        }

        var caller = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "api";
        var call = IdempotencyFilter.CallOf(http);
        var created = await desk.CreateAsync(new OrderRequest(purpose, amount), returnPath, caller, call,
            (order, payment) => new IdempotentAnswer(StatusCodes.Status201Created, Item(payment, order, publicUrl.Base), $"/api/v1/payments/{payment.Id}"), cancellationToken);
        if (created.Problem is { Extensions: { } extensions } && extensions.GetValueOrDefault("earlier") is IdempotencyRecord earlier)
        {
            return IdempotencyFilter.Answer(http, earlier, call!.RequestHash);
        }

        if (created.Problem is { } problem)
        {
            return problem.ToHttp(http);
        }

        var (createdOrder, createdPayment) = created.Value;
        return TypedResults.Created($"/api/v1/payments/{createdPayment.Id}", Item(createdPayment, createdOrder, publicUrl.Base));
    }

    private static async Task<IResult> ShowAsync(
        Guid id, HttpContext http, PaymentDesk desk, RefundDesk refunds, PublicUrl publicUrl, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        if (await desk.RefreshAsync(id, cancellationToken) is not { } payment || await desk.OrderAsync(payment.OrderId, cancellationToken) is not { } order)
        {
            return new Problem(ProblemKind.NotFound, t["Payments.Error.NoPayment"]).ToHttp(http);
        }

        return TypedResults.Ok(Item(payment, order, publicUrl.Base, await refunds.AvailableAsync(payment.Id, cancellationToken)));
    }

    private static async Task<IResult> RefundAsync(Guid id, HttpContext http, RefundDesk refunds, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        if (await ReadObjectAsync(http, cancellationToken) is not { } body)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [t["Api.Body.NotJsonObject"]] }, title: t["Api.ValidationTitle"]);
        }

        var fields = new Dictionary<string, string[]>();
        var amount = IntegerOf(body["amount"]);
        var available = IntegerOf(body["refund_amount_available"]);
        if (amount is null)
        {
            fields["amount"] = [t["Payments.Refund.AmountMissing"]];
        }

        if (available is null)
        {
            fields["refund_amount_available"] = [t["Payments.Refund.AvailableMissing"]];
        }

        if (fields.Count > 0)
        {
            return TypedResults.ValidationProblem(fields, title: t["Payments.Refund.Title"]);
        }

        var reason = body["reason"] is JsonValue r && r.TryGetValue<string>(out var text) ? text : null;
        var call = IdempotencyFilter.CallOf(http);
        var made = await refunds.RefundAsync(id, new RefundRequest(amount!.Value, available!.Value, reason), http.User, call,
            (refund, left) => new IdempotentAnswer(StatusCodes.Status202Accepted, RefundOf(refund, left), $"/api/v1/payments/{id}/refunds"), cancellationToken);
        if (made.Problem is { Extensions: { } extensions } && extensions.GetValueOrDefault("earlier") is IdempotencyRecord earlier)
        {
            return IdempotencyFilter.Answer(http, earlier, call!.RequestHash);
        }

        if (made.Problem is { } problem)
        {
            return problem.ToHttp(http);
        }

        var settled = made.Value!;
        return TypedResults.Json(RefundOf(settled, await refunds.AvailableAsync(id, cancellationToken)), statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RefundsAsync(Guid id, RefundDesk refunds, PaymentDesk desk, HttpContext http, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        if (await desk.FindAsync(id, cancellationToken) is null)
        {
            return new Problem(ProblemKind.NotFound, t["Payments.Error.NoPayment"]).ToHttp(http);
        }

        var available = await refunds.AvailableAsync(id, cancellationToken);
        return TypedResults.Ok((await refunds.OfPaymentAsync(id, cancellationToken)).Select(r => RefundOf(r, available)).ToList());
    }

    private static async Task<IResult> SlipAsync(Guid id, HttpContext http, PaymentDesk desk, Slips.ConvenienceSlips slips, IStringLocalizer<Messages> t, CancellationToken cancellationToken)
    {
        if (await desk.FindAsync(id, cancellationToken) is not { } payment || await desk.OrderAsync(payment.OrderId, cancellationToken) is not { } order)
        {
            return new Problem(ProblemKind.NotFound, t["Payments.Error.NoPayment"]).ToHttp(http);
        }

        if (http.Request.Headers.Accept.ToString().Contains("application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            var pdf = await slips.PdfAsync(order.Reference, cancellationToken);
            return pdf.Problem is { } refused ? refused.ToHttp(http) : TypedResults.File(pdf.Value!, "application/pdf", $"nofusho-{order.Reference}.pdf");
        }

        var slip = await slips.ForOrderAsync(order.Reference, cancellationToken);
        return slip.Problem is { } problem ? problem.ToHttp(http) : TypedResults.Ok(new ConvenienceSlipItem(slip.Value!.Barcode, slip.Value.DueDate, slip.Value.Amount, slip.Value.Reference));
    }

    private static RefundItem RefundOf(Refund refund, int available) =>
        new(refund.Id, refund.PaymentId, refund.Amount, refund.Status.ToString().ToLowerInvariant(), refund.FailureCode, refund.CreatedAt, available);

    /// <summary>A whole number given as a JSON number (not a string, not a fraction); null otherwise.</summary>
    private static int? IntegerOf(JsonNode? node) => node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : null;

    internal static async Task<JsonObject?> ReadObjectAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
        }

        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<IResult> WebhookAsync(string provider, HttpContext http, PaymentWebhooks webhooks, CancellationToken cancellationToken)
    {
        if (await RawBody.ReadAsync(http.Request, PaymentWebhooks.MaximumBytes, cancellationToken) is not { } body)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var receipt = await webhooks.ReceiveAsync(provider, body, http.Request.Headers, cancellationToken);
        return receipt == WebhookReceipt.Taken ? TypedResults.Ok() : TypedResults.BadRequest();
    }

    /// <summary>A return address on this site (relative, or absolute on the public address): the path and query; else null.</summary>
    private static string? LocalPath(string? returnUrl, string publicBase)
    {
        var site = new Uri(publicBase + "/");
        if (string.IsNullOrWhiteSpace(returnUrl) || returnUrl.Length > 400 || !Uri.TryCreate(site, returnUrl, out var resolved))
        {
            return null;
        }

        return Uri.Compare(resolved, site, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? resolved.PathAndQuery
            : null;
    }

    /// <summary>The API's view; the next address is the payment's own page on this site, which leads to the provider's.</summary>
    private static PaymentItem Item(Payment payment, PaymentOrder order, string publicBase, int refundAvailable = 0) =>
        new(payment.Id, payment.Status.ToString().ToLowerInvariant(), payment.Finished, payment.FailureCode, payment.Amount, order.Reference, order.Purpose,
            payment.Finished ? null : $"{publicBase}/payments/{payment.Id}/pay",
            new RefundSummary(payment.Status != PaymentStatus.Success ? "unavailable" : refundAvailable > 0 ? "available" : "full", refundAvailable));
}
