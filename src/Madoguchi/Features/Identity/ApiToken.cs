using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Identity;

/// <summary>
/// A personal API token of a staff member, or of a resident for apps acting for them (scope applications only). Only the SHA-256 of the secret is stored; the secret is shown once.
/// Scopes are feature names (procedures, cases, opendata, ...).
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token, to recognise it in lists without revealing it.</summary>
    public required string Prefix { get; set; }

    /// <summary>What the owner called it ("家計簿アプリ"), to tell tokens apart.</summary>
    public string? Label { get; set; }

    /// <summary>Space-separated feature scopes.</summary>
    public required string Scopes { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.Scopes).HasMaxLength(500);
        builder.Property(t => t.Label).HasMaxLength(50);
        builder.HasOne<MadoguchiUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(t => t.ScopeList);
    }
}
