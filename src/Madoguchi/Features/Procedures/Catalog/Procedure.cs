using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Procedures.Catalog;

/// <summary>Whether residents are offered a procedure, and who decided that it is not; changed only by <see cref="Procedure.MoveTo"/>.</summary>
public enum ProcedureAvailability
{
    /// <summary>公開中: listed, and applied for through every channel.</summary>
    Offered,

    /// <summary>Its catalog file was removed (a deployment's decision; the file coming back offers it again).</summary>
    Removed,

    /// <summary>公開停止中: stopped by staff, to be resumed (a mistake to put right, a season that ended).</summary>
    Paused,

    /// <summary>廃止: ended by staff for good; its id stays taken and its versions readable.</summary>
    Archived,
}

/// <summary>
/// A procedure of the city; what it asks lives in its immutable <see cref="ProcedureVersion"/>s, which stay readable
/// whatever its availability, for the drafts and applications bound to them.
/// </summary>
public sealed class Procedure
{
    private static readonly IReadOnlyDictionary<ProcedureAvailability, ProcedureAvailability[]> Moves = new Dictionary<ProcedureAvailability, ProcedureAvailability[]>
    {
        [ProcedureAvailability.Offered] = [ProcedureAvailability.Removed, ProcedureAvailability.Paused, ProcedureAvailability.Archived],
        [ProcedureAvailability.Removed] = [ProcedureAvailability.Offered, ProcedureAvailability.Archived],
        [ProcedureAvailability.Paused] = [ProcedureAvailability.Offered, ProcedureAvailability.Archived],
        [ProcedureAvailability.Archived] = [ProcedureAvailability.Paused],
    };

    public required string Id { get; set; }

    public int CurrentVersion { get; set; }

    public ProcedureAvailability Availability { get; private set; }

    /// <summary>Why staff stopped or ended it (shown to staff; residents are told only that it is not offered).</summary>
    public string? AvailabilityReason { get; private set; }

    /// <summary>Who last changed its availability (a staff id; null for the catalog's own changes).</summary>
    public string? AvailabilityChangedBy { get; private set; }

    public DateTime UpdatedAt { get; set; }

    public bool IsOffered => Availability == ProcedureAvailability.Offered;

    public bool CanMoveTo(ProcedureAvailability next) => Moves[Availability].Contains(next);

    public void MoveTo(ProcedureAvailability next, string? by, string? reason, DateTime at)
    {
        if (!CanMoveTo(next))
        {
            throw new InvalidOperationException($"A procedure cannot go from {Availability} to {next}.");
        }

        Availability = next;
        AvailabilityChangedBy = by;
        AvailabilityReason = reason;
        UpdatedAt = at;
    }
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

    /// <summary>
    /// Who wrote it: <see cref="FromCatalog"/> (a file, at a start), <see cref="FromBuilder"/> (staff, approved by a second
    /// person) or <see cref="FromTemplate"/>.
    /// </summary>
    public string Source { get; set; } = FromCatalog;

    /// <summary>For a builder version: who wrote it and who approved it (staff ids).</summary>
    public string? WrittenBy { get; set; }

    public string? ApprovedBy { get; set; }

    public const string FromCatalog = "catalog";
    public const string FromBuilder = "builder";

    /// <summary>A template of the library, published as it ships (the demo city's adoption of the whole library).</summary>
    public const string FromTemplate = "template";
}

internal sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> builder)
    {
        builder.ToTable("procedures");
        builder.Property(p => p.Id).HasMaxLength(64);
        builder.Property(p => p.Availability).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.AvailabilityReason).HasMaxLength(500);
        builder.Property(p => p.AvailabilityChangedBy).HasMaxLength(100);
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
