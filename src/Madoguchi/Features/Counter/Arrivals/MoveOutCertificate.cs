using Madoguchi.Features.Residents.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Counter.Arrivals;

/// <summary>
/// One person's 転出証明書情報 (特例転入, 住基法 §24条の2): what the former city sent over 住基ネット about someone moving
/// into this city, taken from the 住民記録 system by the documented file (docs/arrivals.md), since that channel is not the
/// platform's. Kept so that the counter prepares the 転入届 from it; the register is updated by the 住民記録 system.
/// </summary>
public sealed class MoveOutCertificate
{
    public Guid Id { get; set; }

    /// <summary>The former city's 全国地方公共団体コード (6 digits with its check digit).</summary>
    public required string FromMunicipalityCode { get; set; }

    public required string FromMunicipality { get; set; }

    /// <summary>住民票コード (11 digits): with the former city and the move date, the certificate's key.</summary>
    public required string ResidentCode { get; set; }

    public required string FamilyName { get; set; }

    public required string GivenName { get; set; }

    public required string FamilyNameKana { get; set; }

    public required string GivenNameKana { get; set; }

    public DateOnly BirthDate { get; set; }

    public Sex Sex { get; set; }

    public required string HouseholderName { get; set; }

    public required string Relationship { get; set; }

    public required string PreviousAddress { get; set; }

    public required string NewAddress { get; set; }

    public DateOnly PlannedMoveDate { get; set; }

    /// <summary>来庁予定: the day the resident said they would come (マイナポータル's 引越し), when given.</summary>
    public DateOnly? PlannedVisitDate { get; set; }

    /// <summary>A hash of the content, so that the same file taken twice changes nothing.</summary>
    public required string ContentHash { get; set; }

    /// <summary>The file it came in (its name, as the 市民課 clerk chose it).</summary>
    public required string Source { get; set; }

    public DateTime ReceivedAt { get; set; }

    public string FullName => $"{FamilyName}\u3000{GivenName}";

    public string FullNameKana => $"{FamilyNameKana}\u3000{GivenNameKana}";
}

internal sealed class MoveOutCertificateConfiguration : IEntityTypeConfiguration<MoveOutCertificate>
{
    public void Configure(EntityTypeBuilder<MoveOutCertificate> builder)
    {
        builder.ToTable("move_out_certificates");
        builder.Property(c => c.FromMunicipalityCode).HasMaxLength(6);
        builder.Property(c => c.FromMunicipality).HasMaxLength(40);
        builder.Property(c => c.ResidentCode).HasMaxLength(11);
        builder.Property(c => c.FamilyName).HasMaxLength(60);
        builder.Property(c => c.GivenName).HasMaxLength(60);
        builder.Property(c => c.FamilyNameKana).HasMaxLength(120);
        builder.Property(c => c.GivenNameKana).HasMaxLength(120);
        builder.Property(c => c.Sex).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.HouseholderName).HasMaxLength(120);
        builder.Property(c => c.Relationship).HasMaxLength(60);
        builder.Property(c => c.PreviousAddress).HasMaxLength(200);
        builder.Property(c => c.NewAddress).HasMaxLength(200);
        builder.Property(c => c.ContentHash).HasMaxLength(64);
        builder.Property(c => c.Source).HasMaxLength(200);
        builder.Ignore(c => c.FullName);
        builder.Ignore(c => c.FullNameKana);
        builder.HasIndex(c => new { c.FromMunicipalityCode, c.ResidentCode, c.PlannedMoveDate }).IsUnique();
        builder.HasIndex(c => c.BirthDate);
    }
}
