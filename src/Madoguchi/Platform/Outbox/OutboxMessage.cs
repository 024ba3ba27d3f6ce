using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Platform.Outbox;

public enum OutboxStatus
{
    Pending = 0,
    Succeeded = 1,
    /// <summary>Gave up after the last attempt; shown to operators, never retried by itself.</summary>
    Dead = 2,
}

/// <summary>
/// A side effect (an e-mail, a webhook, a PDF) recorded in the same transaction as the change that causes it and
/// carried out after commit by <see cref="OutboxWorker"/>. A lease (owner + expiry) lets several app instances
/// share the table: a worker that dies simply lets its lease run out.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    public required string Kind { get; set; }

    public required string Payload { get; set; }

    /// <summary>Unique: enqueueing the same effect twice is a no-op, and handlers use it to stay idempotent.</summary>
    public required string IdempotencyKey { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public string? LastError { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.Property(m => m.Kind).HasMaxLength(100);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(m => m.IdempotencyKey).IsUnique();
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.LeaseOwner).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
    }
}
