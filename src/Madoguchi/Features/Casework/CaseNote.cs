using Madoguchi.Features.Casework;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Casework;

/// <summary>What is said on a case besides status changes: internal comments, requests to the resident and their replies, assignments.</summary>
public sealed class CaseNote
{
    public long Id { get; set; }

    public Guid ApplicationId { get; set; }

    /// <summary><see cref="CaseNoteKind"/>.</summary>
    public required string Kind { get; set; }

    public required string Text { get; set; }

    /// <summary>A staff user id, or <see cref="CaseActors.Applicant"/>.</summary>
    public required string AuthorId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Files attached to a reply (the same shape as file answers), as JSON; null when none.</summary>
    public string? Attachments { get; set; }
}

public static class CaseNoteKind
{
    /// <summary>Between staff only; residents never see it.</summary>
    public const string Comment = "comment";

    /// <summary>補正依頼: what the resident is asked to add (shown to them).</summary>
    public const string Request = "request";

    /// <summary>The resident's answer to a request.</summary>
    public const string Reply = "reply";

    /// <summary>Who took or was given the case.</summary>
    public const string Assignment = "assignment";

    /// <summary>Staff confirmed who the applicant of an application from outside is.</summary>
    public const string Applicant = "applicant";

    /// <summary>What the applicant sees of the notes: the 課's requests and their own replies.</summary>
    public static readonly IReadOnlyList<string> ShownToApplicant = [Request, Reply];
}

internal sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> builder)
    {
        builder.ToTable("case_notes");
        builder.Property(n => n.Kind).HasMaxLength(16);
        builder.Property(n => n.Text).HasMaxLength(4000);
        builder.Property(n => n.AuthorId).HasMaxLength(450);
        builder.Property(n => n.Attachments!).IsJsonDocument();
        builder.HasIndex(n => n.ApplicationId);
        builder.HasOne<Application>().WithMany().HasForeignKey(n => n.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}
