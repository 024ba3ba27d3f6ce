using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Identity;

/// <summary>
/// A 課 of the city. The id is a stable slug from <c>catalog/departments.json</c>, used alike by staff,
/// procedures and cases.
/// </summary>
public sealed class Department
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public int SortOrder { get; set; }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.ToTable("departments");
        builder.Property(d => d.Id).HasMaxLength(64);
        builder.Property(d => d.Name).HasMaxLength(100);
    }
}
