using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Payments.Providers;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Payments.Sandbox;

/// <summary>
/// The local provider's secrets: the key its webhooks are signed with, new at every start (its webhooks are delivered
/// inside the process, so nothing outside needs it), and how long a "processing" card takes to settle.
/// </summary>
public sealed class SandboxKeys
{
    public byte[] WebhookSecret { get; } = RandomNumberGenerator.GetBytes(32);

    public TimeSpan SettleAfter { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// A local payment provider that behaves like a hosted payment page (for the demo and the tests; never outside them):
/// a session is made per payment (idempotent on the payment's id), the resident pays on its page with one of the
/// documented test cards (Stripe's numbers: 4242… pays, 4000 0000 0000 0002 is declined, …9995 has insufficient funds,
/// …3220 settles after a delay), may cancel, and is sent back; every change is reported by a signed webhook
/// (<c>Sandbox-Signature: t=…,v1=…</c>, HMAC-SHA256 over "t.body", as Stripe signs), delivered at least once through
/// the outbox. Reading a session answers as the provider's API would.
/// </summary>
public sealed class SandboxProvider(IServiceScopeFactory scopes, SandboxKeys keys, TimeProvider clock) : IPaymentProvider
{
    public const string ProviderName = "sandbox";

    public const string SignatureHeader = "Sandbox-Signature";

    /// <summary>How old a webhook's timestamp may be (and how far ahead): five minutes, as Stripe's libraries allow.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public string Name => ProviderName;

    public async Task<HostedPayment> CreateAsync(HostedPaymentRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
        var session = await db.Set<SandboxSession>().SingleOrDefaultAsync(s => s.PaymentKey == request.PaymentId, cancellationToken);
        if (session is null)
        {
            session = new SandboxSession
            {
                Id = "sbx_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                PaymentKey = request.PaymentId,
                Amount = request.Amount,
                Description = request.Description,
                ReturnUrl = request.ReturnUrl,
                State = SandboxState.Open,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                ExpiresAt = request.ExpiresAt,
            };
            db.Add(session);
            await db.SaveChangesAsync(cancellationToken);
        }

        // The sandbox's page is on this site: a path, valid whatever address the resident reached the site by.
        return new HostedPayment(session.Id, $"/pay-sandbox/{session.Id}");
    }

    public async Task<ProviderReport> ReadAsync(string providerPaymentId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
        var session = await db.Set<SandboxSession>().SingleOrDefaultAsync(s => s.Id == providerPaymentId, cancellationToken)
            ?? throw new PaymentProviderUnavailableException($"No sandbox session {providerPaymentId}");
        if (Settle(session, scope.ServiceProvider.GetRequiredService<Platform.Outbox.Outbox>()))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return Report(session);
    }

    public async Task<ProviderReport> ExpireAsync(string providerPaymentId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<Platform.Outbox.Outbox>();
        var session = await db.Set<SandboxSession>().SingleOrDefaultAsync(s => s.Id == providerPaymentId, cancellationToken)
            ?? throw new PaymentProviderUnavailableException($"No sandbox session {providerPaymentId}");
        Settle(session, outbox);
        if (session.State is SandboxState.Open or SandboxState.Visited)
        {
            End(session, SandboxState.Expired, PaymentFailure.Expired);
            Announce(outbox, session);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Report(session);
    }

    /// <summary>
    /// Refunds a paid session, once per refund id; more than what is left of it is refused (<c>amount_too_large</c>), as
    /// is a session that was not paid (<c>charge_not_paid</c>), the way Stripe answers.
    /// </summary>
    public async Task<ProviderRefundResult> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
        if (await db.Set<SandboxRefund>().SingleOrDefaultAsync(r => r.Id == request.RefundId, cancellationToken) is { } earlier)
        {
            return new ProviderRefundResult(earlier.ProviderRefundId, true, null);
        }

        var session = await db.Set<SandboxSession>().SingleOrDefaultAsync(s => s.Id == request.ProviderPaymentId, cancellationToken)
            ?? throw new PaymentProviderUnavailableException($"No sandbox session {request.ProviderPaymentId}");
        if (session.State != SandboxState.Paid)
        {
            return new ProviderRefundResult(null, false, "charge_not_paid");
        }

        var refunded = await db.Set<SandboxRefund>().Where(r => r.SessionId == session.Id).SumAsync(r => (int?)r.Amount, cancellationToken) ?? 0;
        if (request.Amount < 1 || refunded + request.Amount > session.Amount)
        {
            return new ProviderRefundResult(null, false, "amount_too_large");
        }

        var refund = new SandboxRefund
        {
            Id = request.RefundId, SessionId = session.Id, Amount = request.Amount,
            ProviderRefundId = "sbr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(refund);
        await db.SaveChangesAsync(cancellationToken);
        return new ProviderRefundResult(refund.ProviderRefundId, true, null);
    }

    public ProviderEvent? Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers, DateTime now)
    {
        if (headers[SignatureHeader].ToString() is not { Length: > 0 and < 300 } header)
        {
            return null;
        }

        string? timestamp = null, signature = null;
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0] == "t")
            {
                timestamp = pair[1];
            }
            else if (pair.Length == 2 && pair[0] == "v1")
            {
                signature = pair[1];
            }
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || signature is null
            || Math.Abs((now - DateTime.UnixEpoch.AddSeconds(Math.Min(seconds, 253402300799))).TotalSeconds) > Tolerance.TotalSeconds)
        {
            return null;
        }

        byte[] expected;
        try
        {
            expected = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(Sign(timestamp!, body), expected))
        {
            return null;
        }

        // Only a body whose signature holds is parsed.
        try
        {
            var json = JsonNode.Parse(body) as JsonObject;
            var data = json?["data"] as JsonObject;
            if (json?["id"]?.GetValue<string>() is not { Length: > 0 } id || data?["session"]?.GetValue<string>() is not { Length: > 0 } session
                || !Enum.TryParse<SandboxState>(data["state"]?.GetValue<string>(), ignoreCase: true, out var state) || data["amount"]?.GetValue<int>() is not { } amount)
            {
                return null;
            }

            return new ProviderEvent(id, ReportOf(session, state, data["reason"]?.GetValue<string>(), amount));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The resident opened the session's page: it is visited (started), unless it has ended.</summary>
    internal static bool Visit(SandboxSession session, Platform.Outbox.Outbox outbox)
    {
        if (session.State != SandboxState.Open)
        {
            return false;
        }

        session.State = SandboxState.Visited;
        Announce(outbox, session);
        return true;
    }

    /// <summary>A card on the session's page: pays, settles later, or is declined (the page stays open for another).</summary>
    internal void Pay(SandboxSession session, string cardNumber, Platform.Outbox.Outbox outbox)
    {
        var digits = new string(cardNumber.Where(char.IsAsciiDigit).ToArray());
        switch (digits)
        {
            case "4000000000000002":
                session.Reason = "card_declined";
                break;
            case "4000000000009995":
                session.Reason = "insufficient_funds";
                break;
            case "4000000000003220":
                session.State = SandboxState.Processing;
                session.Reason = null;
                session.CardLast4 = digits[^4..];
                session.SettlesAt = clock.GetUtcNow().UtcDateTime.Add(keys.SettleAfter);
                Announce(outbox, session);
                break;
            default:
                session.CardLast4 = digits[^4..];
                End(session, SandboxState.Paid, null);
                Announce(outbox, session);
                break;
        }
    }

    /// <summary>The resident cancelled on the page.</summary>
    internal void Cancel(SandboxSession session, Platform.Outbox.Outbox outbox)
    {
        End(session, SandboxState.Expired, PaymentFailure.CancelledByUser);
        Announce(outbox, session);
    }

    /// <summary>The signature of a webhook body at a timestamp (for delivery, and for tests that forge and replay).</summary>
    public byte[] Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(keys.WebhookSecret, message);
    }

    public string SignatureOf(string body, DateTime at)
    {
        var timestamp = ((long)(at - DateTime.UnixEpoch).TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Convert.ToHexStringLower(Sign(timestamp, Encoding.UTF8.GetBytes(body)))}";
    }

    /// <summary>A processing session past its settling time is paid (and says so); an open one past its expiry ends.</summary>
    private bool Settle(SandboxSession session, Platform.Outbox.Outbox outbox)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (session.State == SandboxState.Processing && session.SettlesAt <= now)
        {
            End(session, SandboxState.Paid, null);
            Announce(outbox, session);
            return true;
        }

        if (session.State is SandboxState.Open or SandboxState.Visited && session.ExpiresAt <= now)
        {
            End(session, SandboxState.Expired, PaymentFailure.Expired);
            Announce(outbox, session);
            return true;
        }

        return false;
    }

    private void End(SandboxSession session, SandboxState state, string? reason)
    {
        session.State = state;
        session.Reason = reason;
        session.EndedAt = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>Queues the webhook of the session's state now (delivered by <see cref="SandboxWebhookDelivery"/>).</summary>
    private static void Announce(Platform.Outbox.Outbox outbox, SandboxSession session)
    {
        session.Events++;
        var eventId = $"evt_{session.Id[4..]}_{session.Events}";
        var body = new JsonObject
        {
            ["id"] = eventId,
            ["type"] = $"session.{session.State.ToString().ToLowerInvariant()}",
            ["data"] = new JsonObject
            {
                ["session"] = session.Id,
                ["state"] = session.State.ToString().ToLowerInvariant(),
                ["reason"] = session.Reason,
                ["amount"] = session.Amount,
            },
        }.ToJsonString();
        outbox.EnqueueNew(SandboxWebhookDelivery.Kind, new SandboxWebhookDelivery.Message(body), $"sandbox-webhook:{eventId}");
    }

    private static ProviderReport Report(SandboxSession session) => ReportOf(session.Id, session.State, session.Reason, session.Amount);

    private static ProviderReport ReportOf(string session, SandboxState state, string? reason, int amount) => state switch
    {
        SandboxState.Open => new ProviderReport(session, PaymentStatus.Created, null, amount),
        SandboxState.Visited => new ProviderReport(session, PaymentStatus.Started, null, amount),
        SandboxState.Processing => new ProviderReport(session, PaymentStatus.Submitted, null, amount),
        SandboxState.Paid => new ProviderReport(session, PaymentStatus.Success, null, amount),
        _ => new ProviderReport(session, PaymentStatus.Failed, reason ?? PaymentFailure.Expired, amount),
    };
}
