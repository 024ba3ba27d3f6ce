using Madoguchi.Features.Casework;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Casework.Letters;

/// <summary>A letter issued on a case: the PDF exactly as issued, kept in the file store by its hash.</summary>
public sealed class CaseLetter
{
    public Guid Id { get; set; }

    public Guid ApplicationId { get; set; }

    /// <summary>The template's kind (decision-approved, decision-rejected, information-request…).</summary>
    public required string Kind { get; set; }

    public required string Title { get; set; }

    public required string FileSha256 { get; set; }

    public DateTime IssuedAt { get; set; }

    public required string IssuedBy { get; set; }
}

internal sealed class CaseLetterConfiguration : IEntityTypeConfiguration<CaseLetter>
{
    public void Configure(EntityTypeBuilder<CaseLetter> builder)
    {
        builder.ToTable("case_letters");
        builder.Property(l => l.Kind).HasMaxLength(64);
        builder.Property(l => l.Title).HasMaxLength(200);
        builder.Property(l => l.FileSha256).HasMaxLength(64);
        builder.Property(l => l.IssuedBy).HasMaxLength(450);
        builder.HasIndex(l => l.ApplicationId);
        builder.HasOne<Application>().WithMany().HasForeignKey(l => l.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}
