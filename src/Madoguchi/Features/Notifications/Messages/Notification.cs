using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Notifications.Messages;

/// <summary>How a resident gets their messages: e-mail, or LINE once their LINE is linked to their account.</summary>
public enum NotificationChannel
{
    Email,
    Line,
}

/// <summary>Where a message is, in GOV.UK Notify's words.</summary>
public enum NotificationStatus
{
    /// <summary>作成: made in the same commit as the change it tells of.</summary>
    Created,

    /// <summary>送信中: being handed to LINE or the mail server.</summary>
    Sending,

    /// <summary>LINEが受付: LINE accepted it (LINE does not say when it is read).</summary>
    Accepted,

    /// <summary>送信済み: the mail server took it.</summary>
    Delivered,

    /// <summary>失敗: with the reason.</summary>
    Failed,
}

/// <summary>
/// One message to one resident, rendered from a template version when the change it tells of commits, and sent after
/// commit through the outbox by <see cref="NotificationDelivery"/>. Kept so that the resident (and the city) can see what
/// was sent, by which way, and whether it arrived.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }

    /// <summary>What caused it (unique): the same cause never makes a second message.</summary>
    public required string Reference { get; set; }

    public required string TemplateKey { get; set; }

    public int TemplateVersion { get; set; }

    public NotificationChannel Channel { get; set; }

    /// <summary>The resident's account, when there is one.</summary>
    public string? UserId { get; set; }

    /// <summary>The address for e-mail (also kept for a LINE message, to fall back to when LINE cannot take it).</summary>
    public string? EmailAddress { get; set; }

    /// <summary>The LINE friend (our subscriber id, never LINE's user id).</summary>
    public Guid? SubscriberId { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public required string LineText { get; set; }

    public NotificationStatus Status { get; set; }

    /// <summary>Why it failed, or what happened on the way (LINE blocked: sent by e-mail), in Japanese for people.</summary>
    public string? Note { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? SentAt { get; set; }
}

/// <summary>A resident's choice of how to get messages (none recorded: e-mail).</summary>
public sealed class NotificationPreference
{
    public required string UserId { get; set; }

    public NotificationChannel Channel { get; set; }

    public DateTime ChangedAt { get; set; }
}

/// <summary>A version of a template as it was when used: a message names the version it was written from.</summary>
public sealed class MessageTemplateVersion
{
    public required string Key { get; set; }

    public int Version { get; set; }

    public required string Hash { get; set; }

    public required string Name { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public required string LineText { get; set; }

    public DateTime RecordedAt { get; set; }

    /// <summary>Where the version came from: <see cref="FromCatalog"/> (the file, at a start) or <see cref="Edited"/> (staff, reviewed by a second person).</summary>
    public string Source { get; set; } = FromCatalog;

    /// <summary>Who wrote and who approved an edited version (staff ids); null for the catalog's.</summary>
    public string? WrittenBy { get; set; }

    public string? ApprovedBy { get; set; }

    public const string FromCatalog = "catalog";
    public const string Edited = "edited";

    public MessageTemplate Template => new(Key, Name, [], Subject, Body, LineText);
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.Property(n => n.Reference).HasMaxLength(200);
        builder.HasIndex(n => n.Reference).IsUnique();
        builder.Property(n => n.TemplateKey).HasMaxLength(50);
        builder.Property(n => n.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.HasIndex(n => new { n.UserId, n.CreatedAt });
        builder.Property(n => n.EmailAddress).HasMaxLength(320);
        builder.Property(n => n.Subject).HasMaxLength(300);
        builder.Property(n => n.Note).HasMaxLength(500);
        builder.HasIndex(n => new { n.TemplateKey, n.CreatedAt });
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.ToTable("notification_preferences");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.Property(p => p.Channel).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class MessageTemplateVersionConfiguration : IEntityTypeConfiguration<MessageTemplateVersion>
{
    public void Configure(EntityTypeBuilder<MessageTemplateVersion> builder)
    {
        builder.ToTable("message_template_versions");
        builder.HasKey(v => new { v.Key, v.Version });
        builder.Property(v => v.Key).HasMaxLength(50);
        builder.Property(v => v.Hash).HasMaxLength(64);
        builder.Property(v => v.Name).HasMaxLength(50);
        builder.Property(v => v.Subject).HasMaxLength(200);
        builder.Property(v => v.Source).HasMaxLength(10);
        builder.Property(v => v.WrittenBy).HasMaxLength(100);
        builder.Property(v => v.ApprovedBy).HasMaxLength(100);
        builder.Ignore(v => v.Template);
    }
}
