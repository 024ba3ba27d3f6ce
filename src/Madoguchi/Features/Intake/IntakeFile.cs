using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Madoguchi.Platform.Db;

namespace Madoguchi.Features.Intake;

/// <summary>A file taken in from outside: imported whole (its cases listed) or quarantined whole (with its report).</summary>
public sealed class IntakeFile
{
    public Guid Id { get; set; }

    /// <summary><c>folder</c> or <c>api</c>.</summary>
    public required string Source { get; set; }

    public required string FileName { get; set; }

    /// <summary>The file as received, kept in the file store.</summary>
    public required string ContentSha256 { get; set; }

    public string? Mapping { get; set; }

    /// <summary><see cref="IntakeStatus"/>.</summary>
    public required string Status { get; set; }

    /// <summary>JSON: the receipts made, or the problems by record and field.</summary>
    public required string Report { get; set; }

    public int Records { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>For the API: who sent it and under which Idempotency-Key, so that a retry answers the same.</summary>
    public string? Caller { get; set; }

    public string? IdempotencyKey { get; set; }
}

public static class IntakeStatus
{
    public const string Imported = "imported";
    public const string Quarantined = "quarantined";
}

internal sealed class IntakeFileConfiguration : IEntityTypeConfiguration<IntakeFile>
{
    public void Configure(EntityTypeBuilder<IntakeFile> builder)
    {
        builder.ToTable("intake_files");
        builder.Property(f => f.Source).HasMaxLength(16);
        builder.Property(f => f.FileName).HasMaxLength(260);
        builder.Property(f => f.ContentSha256).HasMaxLength(64);
        builder.Property(f => f.Mapping).HasMaxLength(100);
        builder.Property(f => f.Status).HasMaxLength(16);
        builder.Property(f => f.Report).IsJsonDocument();
        builder.Property(f => f.Caller).HasMaxLength(450);
        builder.Property(f => f.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(f => new { f.Caller, f.IdempotencyKey }).IsUnique();
        builder.HasIndex(f => f.ReceivedAt);
    }
}
