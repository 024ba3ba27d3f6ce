using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Identity;

public enum AccountKind
{
    Citizen = 0,
    Staff = 1,
}

/// <summary>One Identity store for staff and residents; <see cref="Kind"/> decides which rules apply.</summary>
public sealed class MadoguchiUser : IdentityUser
{
    public AccountKind Kind { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>The 課 a staff member belongs to (a <see cref="Department"/> id); cases are scoped by it.</summary>
    public string? DepartmentId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The last authenticator time step (Unix time / 30 s) whose code was accepted: a code is accepted once, and never
    /// one older than it (<see cref="OneTimeAuthenticatorTokenProvider"/>).
    /// </summary>
    public long? LastAuthenticatorStep { get; set; }

    /// <summary>
    /// The password was set by someone else (<c>users add</c>, <c>users reset-password</c>): it opens only the page that
    /// replaces it.
    /// </summary>
    public bool MustChangePassword { get; set; }

    /// <summary>
    /// When an administrator stopped this staff account. Accounts are never deleted (the audit trail names them); a
    /// stopped one is locked out for good and has no sessions or tokens until it is started again.
    /// </summary>
    public DateTime? DeactivatedAt { get; set; }
}

internal sealed class MadoguchiUserConfiguration : IEntityTypeConfiguration<MadoguchiUser>
{
    public void Configure(EntityTypeBuilder<MadoguchiUser> builder)
    {
        builder.Property(u => u.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.DepartmentId).HasMaxLength(64);
        builder.HasOne<Department>().WithMany().HasForeignKey(u => u.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
