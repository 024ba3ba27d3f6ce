using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Payments.Sandbox;

/// <summary>Where a sandbox session stands, as a hosted payment page's provider keeps it.</summary>
public enum SandboxState
{
    /// <summary>Made; the resident has not opened the page yet.</summary>
    Open,

    /// <summary>The resident is on the page (a declined card leaves it here: another card may be tried).</summary>
    Visited,

    /// <summary>A card that settles later (the 3220 test card): paid once <see cref="SandboxSession.SettlesAt"/> passes.</summary>
    Processing,

    Paid,

    /// <summary>Ended unpaid: expired, cancelled by the resident, or ended by the city.</summary>
    Expired,
}

/// <summary>
/// The local provider's own record of a payment session (the provider's side of the wall: the platform reads it only
/// through <see cref="SandboxProvider"/>). Keyed by the platform's payment id, so a retried creation finds the session
/// already made, as a real provider's idempotency key does.
/// </summary>
public sealed class SandboxSession
{
    public required string Id { get; set; }

    public Guid PaymentKey { get; set; }

    public int Amount { get; set; }

    public required string Description { get; set; }

    public required string ReturnUrl { get; set; }

    public SandboxState State { get; set; }

    /// <summary>Why it ended unpaid, or why the last card was declined (the page shows it).</summary>
    public string? Reason { get; set; }

    /// <summary>The last four digits of the card that paid.</summary>
    public string? CardLast4 { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? SettlesAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public int Events { get; set; }
}

/// <summary>A refund the sandbox made, keyed by the platform's refund id (a repeated request answers with the first).</summary>
public sealed class SandboxRefund
{
    public Guid Id { get; set; }

    public required string SessionId { get; set; }

    public int Amount { get; set; }

    public required string ProviderRefundId { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class SandboxRefundConfiguration : IEntityTypeConfiguration<SandboxRefund>
{
    public void Configure(EntityTypeBuilder<SandboxRefund> builder)
    {
        builder.ToTable("sandbox_refunds");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.SessionId).HasMaxLength(40);
        builder.HasIndex(r => r.SessionId);
        builder.Property(r => r.ProviderRefundId).HasMaxLength(40);
    }
}

internal sealed class SandboxSessionConfiguration : IEntityTypeConfiguration<SandboxSession>
{
    public void Configure(EntityTypeBuilder<SandboxSession> builder)
    {
        builder.ToTable("sandbox_payment_sessions");
        builder.Property(s => s.Id).HasMaxLength(40);
        builder.HasIndex(s => s.PaymentKey).IsUnique();
        builder.Property(s => s.Description).HasMaxLength(200);
        builder.Property(s => s.ReturnUrl).HasMaxLength(500);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Reason).HasMaxLength(40);
        builder.Property(s => s.CardLast4).HasMaxLength(4);
    }
}
