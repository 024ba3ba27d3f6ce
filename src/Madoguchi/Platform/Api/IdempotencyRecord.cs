using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Platform.Api;

/// <summary>
/// The remembered answer to a creating API call, keyed by the caller and its Idempotency-Key, so that a retried
/// request (a timeout, a crash between commit and response) gets the same answer and changes nothing twice.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }

    /// <summary>Who called (user id), so two callers' keys never collide.</summary>
    public required string Caller { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of method, path and body: the same key with a different request is refused.</summary>
    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }

    public required string ResponseBody { get; set; }

    public string? Location { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.Property(r => r.Caller).HasMaxLength(100);
        builder.Property(r => r.Key).HasMaxLength(200);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.Location).HasMaxLength(500);
        builder.HasIndex(r => new { r.Caller, r.Key }).IsUnique();
        builder.HasIndex(r => r.CreatedAt);
    }
}
