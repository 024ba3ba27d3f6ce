using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Procedures.Builder.Preview;

/// <summary>
/// テスト送信: what staff sent through a draft's preview, kept in the builder's sandbox — never an application, never in
/// a 課's inbox — with the answers and the fee the back office would have seen, for the writer and the reviewer.
/// </summary>
public sealed class ProcedureTrial
{
    public Guid Id { get; set; }

    public Guid DraftId { get; set; }

    public required string ProcedureId { get; set; }

    /// <summary>The draft's revision the answers were given against (a later edit may have changed the questions).</summary>
    public int DraftRevision { get; set; }

    public required string Answers { get; set; }

    public int FeeAmount { get; set; }

    public required string SubmittedBy { get; set; }

    public DateTime SubmittedAt { get; set; }
}

internal sealed class ProcedureTrialConfiguration : IEntityTypeConfiguration<ProcedureTrial>
{
    public void Configure(EntityTypeBuilder<ProcedureTrial> builder)
    {
        builder.ToTable("procedure_trials");
        builder.HasIndex(t => new { t.DraftId, t.SubmittedAt });
        builder.Property(t => t.ProcedureId).HasMaxLength(64);
        builder.Property(t => t.Answers).HasMaxLength(200_000);
        builder.Property(t => t.SubmittedBy).HasMaxLength(100);
    }
}
