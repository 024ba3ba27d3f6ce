using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Identity;

/// <summary>
/// A 課 of the city. The id is a stable slug, used alike by staff, procedures and cases; the first list comes from
/// <c>catalog/departments.json</c>, and administrators keep names, places and contacts in the browser
/// (<see cref="CityOffice.DepartmentDirectory"/>).
/// </summary>
public sealed class Department
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public int SortOrder { get; set; }

    /// <summary>Where residents find the 課 (本庁舎1階); null when not told.</summary>
    public string? Location { get; set; }

    /// <summary>The 課's own number; null when residents call the city's main number.</summary>
    public string? Phone { get; set; }

    public string? Email { get; set; }

    public int Revision { get; set; }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.ToTable("departments");
        builder.Property(d => d.Id).HasMaxLength(64);
        builder.Property(d => d.Name).HasMaxLength(100);
        builder.Property(d => d.Location).HasMaxLength(100);
        builder.Property(d => d.Phone).HasMaxLength(20);
        builder.Property(d => d.Email).HasMaxLength(254);
        builder.Property(d => d.Revision).IsConcurrencyToken();
    }
}
