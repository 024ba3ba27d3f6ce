using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Platform.Audit;

/// <summary>
/// One row of the append-only, hash-chained audit trail. <see cref="Hash"/> covers every other column and the
/// previous row's hash, so an edited, inserted or deleted row breaks the chain that <c>audit verify</c> walks.
/// Holds ids, never personal data itself (a name or an address never goes into <see cref="Details"/>).
/// </summary>
public sealed class AuditEvent
{
    public long Sequence { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>The user id, or a label such as <c>cli</c> or <c>system</c>.</summary>
    public required string Actor { get; set; }

    public required string Action { get; set; }

    public string? ResourceType { get; set; }

    public string? ResourceId { get; set; }

    public string? IpAddress { get; set; }

    public string? CorrelationId { get; set; }

    public string? Reason { get; set; }

    /// <summary>Compact JSON with the facts of the change (ids, old and new states).</summary>
    public string? Details { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    /// <summary>The chain (lane) this row extends; see <see cref="AuditChainHead"/>.</summary>
    public int Lane { get; set; } = 1;

    /// <summary>1, 2, 3… within the lane; null on rows written before lanes existed (their position is their sequence).</summary>
    public long? LanePosition { get; set; }
}

/// <summary>
/// The head of one lane of the trail: its last position and hash. Updating it serialises the writers of that lane
/// until they commit, so PostgreSQL spreads writers over <see cref="PostgreSqlLanes"/> independent lanes (each one
/// a complete hash chain) and concurrent submissions do not queue behind one row; SQLite, with one writer, uses lane 1.
/// </summary>
public sealed class AuditChainHead
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public const int PostgreSqlLanes = 8;

    public int Id { get; set; }

    public long Sequence { get; set; }

    public required string LastHash { get; set; }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Actor).HasMaxLength(100);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.ResourceType).HasMaxLength(100);
        builder.Property(e => e.ResourceId).HasMaxLength(200);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.CorrelationId).HasMaxLength(100);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => new { e.ResourceType, e.ResourceId });
        builder.HasIndex(e => e.Actor);
        builder.Property(e => e.Lane).HasDefaultValue(1);
        builder.HasIndex(e => new { e.Lane, e.LanePosition }).IsUnique();
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.ToTable("audit_chain_head");
        builder.Property(h => h.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(h => h.Sequence).HasColumnName("sequence");
        builder.Property(h => h.LastHash).HasColumnName("last_hash").HasMaxLength(64);
        builder.HasData(Enumerable.Range(1, AuditChainHead.PostgreSqlLanes)
            .Select(lane => new AuditChainHead { Id = lane, Sequence = 0, LastHash = AuditChainHead.GenesisHash }));
    }
}
