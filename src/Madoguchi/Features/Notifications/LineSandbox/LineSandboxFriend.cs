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

/// <summary>A reply token the local LINE server gave with an event: good once, for a short time, for the user it came from.</summary>
public sealed class LineSandboxReplyToken
{
    public required string Token { get; set; }

    public required string UserId { get; set; }

    public DateTime IssuedAt { get; set; }

    public DateTime? UsedAt { get; set; }
}

internal sealed class LineSandboxReplyTokenConfiguration : IEntityTypeConfiguration<LineSandboxReplyToken>
{
    public void Configure(EntityTypeBuilder<LineSandboxReplyToken> builder)
    {
        builder.ToTable("line_sandbox_reply_tokens");
        builder.HasKey(t => t.Token);
        builder.Property(t => t.Token).HasMaxLength(64);
        builder.Property(t => t.UserId).HasMaxLength(33);
    }
}
