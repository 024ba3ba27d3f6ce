using System.Text.Json;
using Madoguchi.Features.Counter.LifeEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Counter.Visits;

/// <summary>Where a visit to the counter stands.</summary>
public enum VisitStatus
{
    /// <summary>The clerk is asking what happened and who it concerns.</summary>
    Interviewing,

    /// <summary>The interview is complete: the bundle of procedures is known.</summary>
    Prepared,

    Cancelled,

    /// <summary>The resident signed the confirmation sheet: every procedure became an application.</summary>
    Completed,
}

/// <summary>
/// A household's visit to 書かない窓口: the life event, its date, the people it concerns, the interview's answers, the
/// clerk serving it. One open visit per household; every change checks the revision, so two clerks serving one
/// household at once cannot overwrite each other unseen.
/// </summary>
public sealed class CounterVisit
{
    public Guid Id { get; set; }

    /// <summary>The household on the register; null for a household moving in, served from its reservation.</summary>
    public string? HouseholdNumber { get; set; }

    /// <summary>The person who came to the counter (宛名番号); null for a household moving in.</summary>
    public string? VisitorAtena { get; set; }

    /// <summary>The 転入予約 (its receipt number) a visit of a household moving in was prepared from.</summary>
    public string? ReservationReceipt { get; set; }

    /// <summary>The people of a household moving in (not on the register yet), as JSON <see cref="VisitPerson"/>s.</summary>
    public string? Arrivals { get; set; }

    public string? LifeEventId { get; set; }

    public DateOnly? EventDate { get; set; }

    /// <summary>The 宛名番号 of the people the event concerns, as JSON.</summary>
    public string Subjects { get; set; } = "[]";

    /// <summary>The interview's answers as JSON: <c>{"household":{"dog":true},"people":{"0010000017":{"employeeInsurance":false}}}</c>.</summary>
    public string Answers { get; set; } = "{}";

    public VisitStatus Status { get; set; }

    public required string ClerkUserId { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Revision { get; set; }

    /// <summary>
    /// The bundle's forms as the clerk completed them, one object per procedure (<see cref="ProposedProcedure.Key"/>):
    /// null until the forms are first opened, when what the register holds is filled in.
    /// </summary>
    public string? FormAnswers { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>The receipt numbers of the applications the visit made, as JSON, in the bundle's order.</summary>
    public string? ReceiptNumbers { get; set; }

    /// <summary>KPI: answers taken from the register unchanged.</summary>
    public int? PrefilledFields { get; set; }

    /// <summary>KPI: answers the clerk entered by interview (or changed from the register's).</summary>
    public int? InterviewedFields { get; set; }

    /// <summary>KPI: procedures of the bundle without a form here, which the resident still writes on paper.</summary>
    public int? PaperForms { get; set; }

    public bool IsOpen => Status is VisitStatus.Interviewing or VisitStatus.Prepared;

    public IReadOnlyList<string> ReceiptList() => ReceiptNumbers is null ? [] : JsonSerializer.Deserialize<List<string>>(ReceiptNumbers) ?? [];

    public IReadOnlyList<string> SubjectList() => JsonSerializer.Deserialize<List<string>>(Subjects) ?? [];

    public StoredAnswers AnswerSet() => JsonSerializer.Deserialize<StoredAnswers>(Answers, StoredAnswers.Json) ?? new();

    public InterviewAnswers InterviewAnswers()
    {
        var stored = AnswerSet();
        var answers = new InterviewAnswers();
        foreach (var (question, value) in stored.Household)
        {
            answers.ForHousehold(question, value);
        }

        foreach (var (atena, own) in stored.People)
        {
            foreach (var (question, value) in own)
            {
                answers.ForPerson(question, atena, value);
            }
        }

        return answers;
    }

    public sealed class StoredAnswers
    {
        public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        public Dictionary<string, bool> Household { get; set; } = [];

        public Dictionary<string, Dictionary<string, bool>> People { get; set; } = [];
    }
}

internal sealed class CounterVisitConfiguration : IEntityTypeConfiguration<CounterVisit>
{
    public void Configure(EntityTypeBuilder<CounterVisit> builder)
    {
        builder.ToTable("counter_visits");
        builder.Property(v => v.HouseholdNumber).HasMaxLength(Residents.ResidentNumbers.MaxLength);
        builder.Property(v => v.VisitorAtena).HasMaxLength(Residents.ResidentNumbers.MaxLength);
        builder.Property(v => v.LifeEventId).HasMaxLength(40);
        builder.Property(v => v.Subjects).HasMaxLength(2000);
        builder.Property(v => v.Answers).HasMaxLength(20000);
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.ClerkUserId).HasMaxLength(450);
        builder.Property(v => v.ReceiptNumbers).HasMaxLength(2000);
        builder.Property(v => v.ReservationReceipt).HasMaxLength(40);
        builder.Property(v => v.Arrivals).HasMaxLength(20000);
        builder.Property(v => v.Revision).IsConcurrencyToken();
        builder.Ignore(v => v.IsOpen);
        // One open visit per household: a second clerk who starts one is taken to the open one instead.
        builder.HasIndex(v => v.HouseholdNumber).IsUnique().HasFilter("\"Status\" IN ('Interviewing', 'Prepared')");
        // And one open visit per reservation.
        builder.HasIndex(v => v.ReservationReceipt).IsUnique().HasFilter("\"Status\" IN ('Interviewing', 'Prepared')");
    }
}
