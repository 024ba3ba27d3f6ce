using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Notifications.LineSandbox;

/// <summary>
/// A sending request the local LINE server accepted (the provider's side of the wall: the platform reads it only through
/// LINE's API): its request id, the retry key it came with (unique: a repeat is answered 409), the endpoint, how many
/// messages it counts against the month's quota (recipients), the body as sent, and when.
/// </summary>
public sealed class LineSandboxRequest
{
    public required string RequestId { get; set; }

    public Guid? RetryKey { get; set; }

    public required string Endpoint { get; set; }

    public int Recipients { get; set; }

    public required string Body { get; set; }

    /// <summary>The month it counts in (yyyyMM, Japan's time, as LINE's quota).</summary>
    public int Month { get; set; }

    public DateTime AcceptedAt { get; set; }
}

internal sealed class LineSandboxRequestConfiguration : IEntityTypeConfiguration<LineSandboxRequest>
{
    public void Configure(EntityTypeBuilder<LineSandboxRequest> builder)
    {
        builder.ToTable("line_sandbox_requests");
        builder.HasKey(r => r.RequestId);
        builder.Property(r => r.RequestId).HasMaxLength(36);
        builder.HasIndex(r => r.RetryKey).IsUnique();
        builder.Property(r => r.Endpoint).HasMaxLength(40);
        builder.HasIndex(r => r.Month);
    }
}
