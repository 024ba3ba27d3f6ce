using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Notifications.Templates;

/// <summary>Where a change to a template is; every change goes through <see cref="TemplateDraft.MoveTo"/>.</summary>
public enum TemplateDraftStatus
{
    /// <summary>下書き: being written (or sent back with a reason).</summary>
    Draft,

    /// <summary>確認待ち: waiting for a second person.</summary>
    AwaitingReview,

    /// <summary>公開済み: a new version of the template.</summary>
    Published,

    /// <summary>破棄: given up.</summary>
    Discarded,
}

/// <summary>
/// A change to one message template, written by staff and published as its new version only when a second person has
/// approved it. At most one is open (下書き or 確認待ち) for a template: <see cref="OpenKey"/> is the template's key while
/// it is open and null after, under a unique index.
/// </summary>
public sealed class TemplateDraft
{
    private static readonly IReadOnlyDictionary<TemplateDraftStatus, TemplateDraftStatus[]> Moves = new Dictionary<TemplateDraftStatus, TemplateDraftStatus[]>
    {
        [TemplateDraftStatus.Draft] = [TemplateDraftStatus.AwaitingReview, TemplateDraftStatus.Discarded],
        [TemplateDraftStatus.AwaitingReview] = [TemplateDraftStatus.Published, TemplateDraftStatus.Draft],
        [TemplateDraftStatus.Published] = [],
        [TemplateDraftStatus.Discarded] = [],
    };

    public Guid Id { get; set; }

    public required string Key { get; set; }

    public string? OpenKey { get; private set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public required string LineText { get; set; }

    /// <summary>The version the change was written against: publishing over a newer one is refused.</summary>
    public int BasedOnVersion { get; set; }

    public TemplateDraftStatus Status { get; private set; }

    public required string WrittenBy { get; set; }

    public DateTime WrittenAt { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTime? ReviewedAt { get; set; }

    /// <summary>Why it was sent back (差戻し).</summary>
    public string? Note { get; set; }

    /// <summary>The version it became.</summary>
    public int? PublishedVersion { get; set; }

    public int Revision { get; set; }

    public static TemplateDraft Open(string key, string writtenBy, DateTime at) =>
        new() { Id = Guid.CreateVersion7(), Key = key, OpenKey = key, Subject = string.Empty, Body = string.Empty, LineText = string.Empty, WrittenBy = writtenBy, WrittenAt = at };

    public bool CanMoveTo(TemplateDraftStatus next) => Moves[Status].Contains(next);

    public void MoveTo(TemplateDraftStatus next)
    {
        if (!CanMoveTo(next))
        {
            throw new InvalidOperationException($"A template draft cannot go from {Status} to {next}.");
        }

        Status = next;
        OpenKey = next is TemplateDraftStatus.Published or TemplateDraftStatus.Discarded ? null : Key;
        Revision++;
    }
}

internal sealed class TemplateDraftConfiguration : IEntityTypeConfiguration<TemplateDraft>
{
    public void Configure(EntityTypeBuilder<TemplateDraft> builder)
    {
        builder.ToTable("message_template_drafts");
        builder.Property(d => d.Key).HasMaxLength(50);
        builder.Property(d => d.OpenKey).HasMaxLength(50);
        builder.HasIndex(d => d.OpenKey).IsUnique();
        builder.HasIndex(d => new { d.Key, d.WrittenAt });
        builder.Property(d => d.Subject).HasMaxLength(200);
        builder.Property(d => d.Body).HasMaxLength(10000);
        builder.Property(d => d.LineText).HasMaxLength(5000);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.WrittenBy).HasMaxLength(100);
        builder.Property(d => d.ReviewedBy).HasMaxLength(100);
        builder.Property(d => d.Note).HasMaxLength(1000);
        builder.Property(d => d.Revision).IsConcurrencyToken();
    }
}
