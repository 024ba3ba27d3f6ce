using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Residents.Records;

/// <summary>Column sizes of the record's items, shared by the tables, the file format and the checks.</summary>
public static class ResidentLimits
{
    public const int Name = 50;
    public const int Kana = 100;
    public const int Relationship = 40;
    public const int Town = 40;
    public const int StreetNumber = 60;
    public const int Katagaki = 100;
    public const int PreviousAddress = 200;
    public const int Reason = 20;
    public const int Serial = 40;
    public const int SearchName = 400;
}

internal static class ResidentRecordColumns
{
    public static void Configure<T>(EntityTypeBuilder<T> builder)
        where T : ResidentRecordData
    {
        builder.Property(r => r.AtenaNumber).HasMaxLength(ResidentNumbers.MaxLength);
        builder.Property(r => r.HouseholdNumber).HasMaxLength(ResidentNumbers.MaxLength);
        builder.Property(r => r.ResidentCode).HasMaxLength(11);
        builder.Property(r => r.FamilyName).HasMaxLength(ResidentLimits.Name);
        builder.Property(r => r.GivenName).HasMaxLength(ResidentLimits.Name);
        builder.Property(r => r.FamilyNameKana).HasMaxLength(ResidentLimits.Kana);
        builder.Property(r => r.GivenNameKana).HasMaxLength(ResidentLimits.Kana);
        builder.Property(r => r.FormerSurname).HasMaxLength(ResidentLimits.Name);
        builder.Property(r => r.FormerSurnameKana).HasMaxLength(ResidentLimits.Kana);
        builder.Property(r => r.Sex).HasConversion<int>();
        builder.Property(r => r.Relationship).HasMaxLength(ResidentLimits.Relationship);
        builder.Property(r => r.PostalCode).HasMaxLength(7);
        builder.Property(r => r.Town).HasMaxLength(ResidentLimits.Town);
        builder.Property(r => r.StreetNumber).HasMaxLength(ResidentLimits.StreetNumber);
        builder.Property(r => r.Katagaki).HasMaxLength(ResidentLimits.Katagaki);
        builder.Property(r => r.PreviousAddress).HasMaxLength(ResidentLimits.PreviousAddress);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.ChangeReason).HasMaxLength(ResidentLimits.Reason);
        builder.Property(r => r.SignatureCertificateSerial).HasMaxLength(ResidentLimits.Serial);
        builder.Property(r => r.AuthenticationCertificateSerial).HasMaxLength(ResidentLimits.Serial);
        builder.Property(r => r.ContentHash).HasMaxLength(64);
        builder.Ignore(r => r.FullName);
        builder.Ignore(r => r.FullNameKana);
    }
}

internal sealed class ResidentConfiguration : IEntityTypeConfiguration<Resident>
{
    public void Configure(EntityTypeBuilder<Resident> builder)
    {
        builder.ToTable("residents");
        builder.HasKey(r => r.AtenaNumber);
        ResidentRecordColumns.Configure(builder);
        builder.Property(r => r.SearchName).HasMaxLength(ResidentLimits.SearchName);
        builder.HasIndex(r => r.HouseholdNumber);
        builder.HasIndex(r => r.BirthDate);
        builder.Property(r => r.StreetKey).HasMaxLength(ResidentLimits.StreetNumber);
        builder.HasIndex(r => new { r.Town, r.StreetKey });
        builder.HasIndex(r => r.ResidentCode);
        builder.HasIndex(r => r.SignatureCertificateSerial);
        builder.HasIndex(r => r.AuthenticationCertificateSerial);
    }
}

internal sealed class ResidentHistoryConfiguration : IEntityTypeConfiguration<ResidentHistoryEntry>
{
    public void Configure(EntityTypeBuilder<ResidentHistoryEntry> builder)
    {
        builder.ToTable("resident_history");
        builder.HasKey(r => new { r.AtenaNumber, r.HistoryNumber });
        ResidentRecordColumns.Configure(builder);
        builder.HasIndex(r => r.ProcessedAt);
    }
}

internal sealed class ResidentSearchGramConfiguration : IEntityTypeConfiguration<ResidentSearchGram>
{
    public void Configure(EntityTypeBuilder<ResidentSearchGram> builder)
    {
        builder.ToTable("resident_search_grams");
        builder.HasKey(g => new { g.Gram, g.AtenaNumber });
        builder.Property(g => g.Gram).HasMaxLength(2);
        builder.Property(g => g.AtenaNumber).HasMaxLength(ResidentNumbers.MaxLength);
        builder.HasIndex(g => g.AtenaNumber);
    }
}

/// <summary>Where a connector got to: the last 処理日時 and key taken from a source, so the next pull asks for what follows.</summary>
public sealed class ResidentLinkCursor
{
    public required string Source { get; set; }

    public string? Cursor { get; set; }

    public DateTime? LastRunAt { get; set; }

    public int LastRunRecords { get; set; }
}

internal sealed class ResidentLinkCursorConfiguration : IEntityTypeConfiguration<ResidentLinkCursor>
{
    public void Configure(EntityTypeBuilder<ResidentLinkCursor> builder)
    {
        builder.ToTable("resident_link_cursors");
        builder.HasKey(c => c.Source);
        builder.Property(c => c.Source).HasMaxLength(100);
        builder.Property(c => c.Cursor).HasMaxLength(200);
    }
}
