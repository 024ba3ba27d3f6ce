using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Procedures.Builder;

/// <summary>Where a builder draft is; every change goes through <see cref="ProcedureDraft.MoveTo"/>.</summary>
public enum ProcedureDraftStatus
{
    /// <summary>作成中: being written (or sent back with a reason).</summary>
    Draft,

    /// <summary>確認待ち: waiting for a second person's approval.</summary>
    AwaitingReview,

    /// <summary>公開済み: the procedure's new version.</summary>
    Published,

    /// <summary>破棄: given up.</summary>
    Discarded,
}

/// <summary>
/// A procedure definition being written in the builder — the same JSON as a <c>catalog/procedures</c> file — for a new
/// procedure (blank, a copy, an imported file) or the next version of one. At most one is open for a procedure id:
/// <see cref="OpenKey"/> is the id while open and null after, under a unique index.
/// </summary>
public sealed class ProcedureDraft
{
    private static readonly IReadOnlyDictionary<ProcedureDraftStatus, ProcedureDraftStatus[]> Moves = new Dictionary<ProcedureDraftStatus, ProcedureDraftStatus[]>
    {
        [ProcedureDraftStatus.Draft] = [ProcedureDraftStatus.AwaitingReview, ProcedureDraftStatus.Discarded],
        [ProcedureDraftStatus.AwaitingReview] = [ProcedureDraftStatus.Published, ProcedureDraftStatus.Draft],
        [ProcedureDraftStatus.Published] = [],
        [ProcedureDraftStatus.Discarded] = [],
    };

    public Guid Id { get; set; }

    public required string ProcedureId { get; set; }

    public string? OpenKey { get; private set; }

    /// <summary>The definition as written so far (compact JSON; not necessarily publishable yet).</summary>
    public required string Definition { get; set; }

    /// <summary>The department it belongs to (who may edit it): its definition's, kept in step on every save.</summary>
    public required string Department { get; set; }

    /// <summary>How it began: blank, copy, edit (the next version of a procedure), import (a file).</summary>
    public required string Origin { get; set; }

    /// <summary>The version it was started from (the procedure's version in use then); null for a new procedure.</summary>
    public int? BasedOnVersion { get; set; }

    public ProcedureDraftStatus Status { get; private set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? SubmittedBy { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTime? ReviewedAt { get; set; }

    /// <summary>Why it was sent back (差戻し).</summary>
    public string? Note { get; set; }

    public int? PublishedVersion { get; set; }

    public int Revision { get; set; }

    public static ProcedureDraft Open(string procedureId, string definition, string department, string origin, int? basedOn, string by, DateTime at) => new()
    {
        Id = Guid.CreateVersion7(), ProcedureId = procedureId, OpenKey = procedureId, Definition = definition, Department = department, Origin = origin,
        BasedOnVersion = basedOn, CreatedBy = by, CreatedAt = at, UpdatedBy = by, UpdatedAt = at,
    };

    public bool CanMoveTo(ProcedureDraftStatus next) => Moves[Status].Contains(next);

    public void MoveTo(ProcedureDraftStatus next)
    {
        if (!CanMoveTo(next))
        {
            throw new InvalidOperationException($"A procedure draft cannot go from {Status} to {next}.");
        }

        Status = next;
        OpenKey = next is ProcedureDraftStatus.Published or ProcedureDraftStatus.Discarded ? null : ProcedureId;
        Revision++;
    }
}

internal sealed class ProcedureDraftConfiguration : IEntityTypeConfiguration<ProcedureDraft>
{
    public void Configure(EntityTypeBuilder<ProcedureDraft> builder)
    {
        builder.ToTable("procedure_drafts");
        builder.Property(d => d.ProcedureId).HasMaxLength(64);
        builder.Property(d => d.OpenKey).HasMaxLength(64);
        builder.HasIndex(d => d.OpenKey).IsUnique();
        builder.HasIndex(d => new { d.Department, d.UpdatedAt });
        builder.Property(d => d.Definition).HasMaxLength(1_000_000); // text, not jsonb: the order staff wrote it in is kept
        builder.Property(d => d.Department).HasMaxLength(64);
        builder.Property(d => d.Origin).HasMaxLength(10);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.CreatedBy).HasMaxLength(100);
        builder.Property(d => d.UpdatedBy).HasMaxLength(100);
        builder.Property(d => d.SubmittedBy).HasMaxLength(100);
        builder.Property(d => d.ReviewedBy).HasMaxLength(100);
        builder.Property(d => d.Note).HasMaxLength(1000);
        builder.Property(d => d.Revision).IsConcurrencyToken();
    }
}
