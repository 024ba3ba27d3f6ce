using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Procedures.Catalog;

/// <summary>A procedure of the city; what it asks lives in its immutable <see cref="ProcedureVersion"/>s.</summary>
public sealed class Procedure
{
    public required string Id { get; set; }

    public int CurrentVersion { get; set; }

    /// <summary>Removed from the catalog: no longer offered, but its versions stay for the submissions that use them.</summary>
    public bool Withdrawn { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A published, frozen definition. Drafts and submissions point at (procedure, version) and always render with it,
/// so a later change to the procedure never changes what a resident filled in.
/// </summary>
public sealed class ProcedureVersion
{
    public required string ProcedureId { get; set; }

    public int Version { get; set; }

    /// <summary>The definition as JSON (jsonb on PostgreSQL).</summary>
    public required string Definition { get; set; }

    /// <summary>SHA-256 of the canonical definition: an unchanged file publishes nothing.</summary>
    public required string ContentHash { get; set; }

    public DateTime PublishedAt { get; set; }

    /// <summary>Who wrote it: <see cref="FromCatalog"/> (a file, at a start) or <see cref="FromBuilder"/> (staff, approved by a second person).</summary>
    public string Source { get; set; } = FromCatalog;

    /// <summary>For a builder version: who wrote it and who approved it (staff ids).</summary>
    public string? WrittenBy { get; set; }

    public string? ApprovedBy { get; set; }

    public const string FromCatalog = "catalog";
    public const string FromBuilder = "builder";
}

internal sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> builder)
    {
        builder.ToTable("procedures");
        builder.Property(p => p.Id).HasMaxLength(64);
    }
}

internal sealed class ProcedureVersionConfiguration : IEntityTypeConfiguration<ProcedureVersion>
{
    public void Configure(EntityTypeBuilder<ProcedureVersion> builder)
    {
        builder.ToTable("procedure_versions");
        builder.HasKey(v => new { v.ProcedureId, v.Version });
        builder.Property(v => v.ProcedureId).HasMaxLength(64);
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.Property(v => v.Source).HasMaxLength(10);
        builder.Property(v => v.WrittenBy).HasMaxLength(100);
        builder.Property(v => v.ApprovedBy).HasMaxLength(100);
        builder.Property(v => v.Definition).IsJsonDocument();
        builder.HasOne<Procedure>().WithMany().HasForeignKey(v => v.ProcedureId).OnDelete(DeleteBehavior.Restrict);
    }
}
