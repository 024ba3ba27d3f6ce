using Madoguchi.Features.Identity;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.OpenData.Catalog;

/// <summary>Where a dataset is in its life, as CKAN names it.</summary>
public static class DatasetState
{
    public const string Active = "active";
    public const string Draft = "draft";
    public const string Deleted = "deleted";
}

/// <summary>
/// A dataset of the city's open-data catalog (a CKAN package): published by one 課 (its organisation), under a licence,
/// with resources (files or links), tags, groups, coverage and update frequency. Changes are kept as revisions.
/// </summary>
public sealed class OpenDataset
{
    public Guid Id { get; set; }

    /// <summary>The URL name (CKAN <c>name</c>): 2–100 lower-case letters, digits, - and _.</summary>
    public required string Name { get; set; }

    public required string Title { get; set; }

    public string? Notes { get; set; }

    /// <summary>The publishing 課 (the CKAN organisation), a <see cref="Department"/> id.</summary>
    public required string DepartmentId { get; set; }

    public string LicenseId { get; set; } = OpenDataLicenses.Default;

    public bool Private { get; set; }

    public string State { get; set; } = DatasetState.Active;

    public string? UpdateFrequency { get; set; }

    public DateOnly? TemporalStart { get; set; }

    public DateOnly? TemporalEnd { get; set; }

    public string? Spatial { get; set; }

    /// <summary>The standard dataset it follows (<c>aed</c>, <c>tourism</c>…), whose schema its CSV resources must meet.</summary>
    public string? SchemaName { get; set; }

    public string? Version { get; set; }

    /// <summary>CKAN extras: a JSON array of <c>{"key", "value"}</c>.</summary>
    public string Extras { get; set; } = "[]";

    /// <summary>Title, notes, tags and organisation folded for Japanese search (NFKC, katakana to hiragana, lower case).</summary>
    public string SearchText { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime ModifiedAt { get; set; }

    public string? CreatedBy { get; set; }

    public int Revision { get; set; }

    public List<OpenDatasetTag> Tags { get; set; } = [];

    public List<OpenDatasetGroup> Groups { get; set; } = [];

    public List<OpenDataResource> Resources { get; set; } = [];
}

public sealed class OpenDatasetTag
{
    public Guid DatasetId { get; set; }

    public required string Name { get; set; }
}

/// <summary>A theme grouping datasets across 課 (CKAN group), e.g. 防災, 子育て, 観光.</summary>
public sealed class OpenDataGroup
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public DateTime CreatedAt { get; set; }
}

public sealed class OpenDatasetGroup
{
    public Guid DatasetId { get; set; }

    public Guid GroupId { get; set; }
}

/// <summary>A file or link of a dataset (CKAN resource). An uploaded file lives in the file store by its SHA-256.</summary>
public sealed class OpenDataResource
{
    public Guid Id { get; set; }

    public Guid DatasetId { get; set; }

    public int Position { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? Format { get; set; }

    /// <summary>A link to elsewhere; null for an uploaded file.</summary>
    public string? Url { get; set; }

    public string? FileSha256 { get; set; }

    public string? FileName { get; set; }

    public long? Size { get; set; }

    public string? MimeType { get; set; }

    /// <summary>For a CSV: the encoding found, the data rows and the validation report against the dataset's schema.</summary>
    public string? Encoding { get; set; }

    public long? Rows { get; set; }

    public string? ValidationReport { get; set; }

    /// <summary>
    /// For a CSV with 緯度 and 経度: the box its points lie in (degrees, WGS 84), read once when the file is stored, so
    /// that the catalog can say where a dataset is (DCAT <c>dcat:bbox</c>, <c>dcat:centroid</c>) without reading files.
    /// </summary>
    public double? WestLongitude { get; set; }

    public double? SouthLatitude { get; set; }

    public double? EastLongitude { get; set; }

    public double? NorthLatitude { get; set; }

    /// <summary>The table its rows were loaded into for <c>datastore_search</c>; null when it is not in the datastore.</summary>
    public string? DatastoreTable { get; set; }

    /// <summary>The datastore's fields: a JSON array of <c>{"id", "type", "column"}</c> in file order.</summary>
    public string? DatastoreFields { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime LastModified { get; set; }
}

/// <summary>
/// The search index of a dataset: each distinct pair of adjacent characters (bigram) of its folded search text. Japanese
/// has no spaces between words, so search matches substrings; a bigram index finds the candidates of a word of two or
/// more characters by index lookups (the approach of Groonga and pg_bigm), and the text itself confirms the match.
/// </summary>
public sealed class OpenDatasetGram
{
    public required string Gram { get; set; }

    public Guid DatasetId { get; set; }
}

/// <summary>The history of a dataset: who changed what, when, with the dataset as it was after the change.</summary>
public sealed class OpenDatasetRevision
{
    public long Id { get; set; }

    public Guid DatasetId { get; set; }

    public DateTime At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Snapshot { get; set; }
}

internal sealed class OpenDatasetConfiguration : IEntityTypeConfiguration<OpenDataset>
{
    public void Configure(EntityTypeBuilder<OpenDataset> builder)
    {
        builder.ToTable("opendata_datasets");
        builder.Property(d => d.Name).HasMaxLength(100);
        builder.HasIndex(d => d.Name).IsUnique();
        builder.Property(d => d.Title).HasMaxLength(300);
        builder.Property(d => d.Notes).HasMaxLength(20000);
        builder.Property(d => d.DepartmentId).HasMaxLength(64);
        builder.HasOne<Department>().WithMany().HasForeignKey(d => d.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.LicenseId).HasMaxLength(50);
        builder.Property(d => d.State).HasMaxLength(20);
        builder.Property(d => d.UpdateFrequency).HasMaxLength(50);
        builder.Property(d => d.Spatial).HasMaxLength(300);
        builder.Property(d => d.SchemaName).HasMaxLength(40);
        builder.Property(d => d.Version).HasMaxLength(50);
        builder.Property(d => d.Extras).IsJsonDocument();
        builder.Property(d => d.SearchText).HasMaxLength(30000);
        builder.Property(d => d.CreatedBy).HasMaxLength(450);
        builder.Property(d => d.Revision).IsConcurrencyToken();
        builder.HasIndex(d => new { d.State, d.Private, d.ModifiedAt });
        builder.HasIndex(d => d.DepartmentId);
        builder.HasMany(d => d.Tags).WithOne().HasForeignKey(t => t.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Groups).WithOne().HasForeignKey(g => g.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Resources).WithOne().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OpenDatasetTagConfiguration : IEntityTypeConfiguration<OpenDatasetTag>
{
    public void Configure(EntityTypeBuilder<OpenDatasetTag> builder)
    {
        builder.ToTable("opendata_dataset_tags");
        builder.HasKey(t => new { t.DatasetId, t.Name });
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.HasIndex(t => t.Name);
    }
}

internal sealed class OpenDataGroupConfiguration : IEntityTypeConfiguration<OpenDataGroup>
{
    public void Configure(EntityTypeBuilder<OpenDataGroup> builder)
    {
        builder.ToTable("opendata_groups");
        builder.Property(g => g.Name).HasMaxLength(100);
        builder.HasIndex(g => g.Name).IsUnique();
        builder.Property(g => g.Title).HasMaxLength(200);
        builder.Property(g => g.Description).HasMaxLength(2000);
    }
}

internal sealed class OpenDatasetGroupConfiguration : IEntityTypeConfiguration<OpenDatasetGroup>
{
    public void Configure(EntityTypeBuilder<OpenDatasetGroup> builder)
    {
        builder.ToTable("opendata_dataset_groups");
        builder.HasKey(g => new { g.DatasetId, g.GroupId });
        builder.HasOne<OpenDataGroup>().WithMany().HasForeignKey(g => g.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(g => g.GroupId);
    }
}

internal sealed class OpenDataResourceConfiguration : IEntityTypeConfiguration<OpenDataResource>
{
    public void Configure(EntityTypeBuilder<OpenDataResource> builder)
    {
        builder.ToTable("opendata_resources");
        builder.Property(r => r.Name).HasMaxLength(300);
        builder.Property(r => r.Description).HasMaxLength(5000);
        builder.Property(r => r.Format).HasMaxLength(40);
        builder.Property(r => r.Url).HasMaxLength(2000);
        builder.Property(r => r.FileSha256).HasMaxLength(64);
        builder.Property(r => r.FileName).HasMaxLength(260);
        builder.Property(r => r.MimeType).HasMaxLength(100);
        builder.Property(r => r.Encoding).HasMaxLength(20);
        builder.Property(r => r.ValidationReport!).IsJsonDocument();
        builder.Property(r => r.DatastoreTable).HasMaxLength(63);
        builder.Property(r => r.DatastoreFields!).IsJsonDocument();
        builder.HasIndex(r => new { r.DatasetId, r.Position });
    }
}

internal sealed class OpenDatasetGramConfiguration : IEntityTypeConfiguration<OpenDatasetGram>
{
    public void Configure(EntityTypeBuilder<OpenDatasetGram> builder)
    {
        builder.ToTable("opendata_search_grams");
        builder.HasKey(g => new { g.Gram, g.DatasetId });
        builder.Property(g => g.Gram).HasMaxLength(2);
        builder.HasIndex(g => g.DatasetId);
        builder.HasOne<OpenDataset>().WithMany().HasForeignKey(g => g.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OpenDatasetRevisionConfiguration : IEntityTypeConfiguration<OpenDatasetRevision>
{
    public void Configure(EntityTypeBuilder<OpenDatasetRevision> builder)
    {
        builder.ToTable("opendata_dataset_revisions");
        builder.Property(r => r.Actor).HasMaxLength(450);
        builder.Property(r => r.Action).HasMaxLength(40);
        builder.Property(r => r.Snapshot).IsJsonDocument();
        builder.HasIndex(r => new { r.DatasetId, r.At });
        builder.HasOne<OpenDataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
