using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Notifications.LineSandbox;

/// <summary>
/// A simulated LINE user of the local LINE server (the demo's "phone"): a LINE user id made up by the server, a display
/// name, and whether they follow the account. Addressed in the sandbox's pages by its own id, never the LINE user id.
/// </summary>
public sealed class LineSandboxFriend
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public required string DisplayName { get; set; }

    public bool Following { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class LineSandboxFriendConfiguration : IEntityTypeConfiguration<LineSandboxFriend>
{
    public void Configure(EntityTypeBuilder<LineSandboxFriend> builder)
    {
        builder.ToTable("line_sandbox_friends");
        builder.Property(f => f.UserId).HasMaxLength(33);
        builder.HasIndex(f => f.UserId).IsUnique();
        builder.Property(f => f.DisplayName).HasMaxLength(20);
    }
}
