using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Queue;

/// <summary>
/// Where a ticket stands: waiting, called to a counter, put aside by the clerk (the resident fetches a paper), served,
/// not there when called, or given up. Moves only through <see cref="TicketMoves"/>.
/// </summary>
public enum TicketStatus
{
    Waiting,
    Called,
    Held,
    Done,
    NoShow,
    Cancelled,
}

/// <summary>Where a ticket was taken.</summary>
public static class TicketSource
{
    public const string Kiosk = "kiosk";
    public const string Web = "web";
    public const string Api = "api";
    public const string Reservation = "reservation";
}

/// <summary>
/// A numbered ticket for one service on one day: how it was taken, whether it goes first (a reservation), and
/// each step's time, which the estimates and the published waiting times are made of. No personal data.
/// </summary>
public sealed class QueueTicket
{
    public Guid Id { get; set; }

    public required string ServiceId { get; set; }

    /// <summary>The day in Japan the ticket belongs to (numbers start again each day).</summary>
    public DateOnly Day { get; set; }

    public int Sequence { get; set; }

    /// <summary>The letter of the service and the sequence: A-012.</summary>
    public required string Number { get; set; }

    public required string Source { get; set; }

    public bool Priority { get; set; }

    /// <summary>The receipt number of the reservation it was given for (one ticket per reservation a day).</summary>
    public string? Reservation { get; set; }

    public TicketStatus Status { get; set; }

    /// <summary>When it was taken: the order among tickets of equal priority, kept through a transfer.</summary>
    public DateTime IssuedAt { get; set; }

    /// <summary>Since when it waits for its present service (taken, or transferred): the wait is measured from here.</summary>
    public DateTime WaitingSince { get; set; }

    /// <summary>When its present service began at a counter (called, or called back from being held).</summary>
    public DateTime? CalledAt { get; set; }

    /// <summary>When its number was last shown on the display (a call, or a call again): the display's order.</summary>
    public DateTime? AnnouncedAt { get; set; }

    /// <summary>The wait for the present service, fixed when it was first called.</summary>
    public int? WaitSeconds { get; set; }

    /// <summary>Time at the counter for the present service before it was held (a held ticket's clock stops).</summary>
    public int ServedSeconds { get; set; }

    public DateTime? DoneAt { get; set; }

    /// <summary>The counter it was called to (2番窓口).</summary>
    public string? Counter { get; set; }

    public string? ClerkUserId { get; set; }

    /// <summary>
    /// Where to send one notice when few are ahead (asked for from home): kept only until the notice goes or the ticket
    /// ends, never logged or audited.
    /// </summary>
    public string? NoticeEmail { get; set; }

    public DateTime? NotifiedAt { get; set; }

    public int Revision { get; set; }

    public static string NumberOf(string letter, int sequence) => $"{letter}-{sequence:000}";
}

/// <summary>
/// One service given at a counter, for the KPIs and the published statistics: the service, the day and hour (Japan
/// time) it began, the wait before it and its length, in seconds. A ticket transferred to a second service makes two.
/// </summary>
public sealed class QueueServiceTime
{
    public long Id { get; set; }

    public required string ServiceId { get; set; }

    public DateOnly Day { get; set; }

    /// <summary>The hour (0–23, Japan time) the service began.</summary>
    public int Hour { get; set; }

    public DateTime CalledAt { get; set; }

    public int WaitSeconds { get; set; }

    public int ServiceSeconds { get; set; }
}

/// <summary>The last number given for a service on a day: one row, incremented in the issuing transaction.</summary>
public sealed class QueueSequence
{
    public required string ServiceId { get; set; }

    public DateOnly Day { get; set; }

    public int Last { get; set; }
}

internal sealed class QueueTicketConfiguration : IEntityTypeConfiguration<QueueTicket>
{
    public void Configure(EntityTypeBuilder<QueueTicket> builder)
    {
        builder.ToTable("queue_tickets");
        builder.Property(t => t.ServiceId).HasMaxLength(40);
        builder.Property(t => t.Number).HasMaxLength(10);
        builder.Property(t => t.Source).HasMaxLength(20);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Counter).HasMaxLength(20);
        builder.Property(t => t.ClerkUserId).HasMaxLength(450);
        builder.Property(t => t.NoticeEmail).HasMaxLength(254);
        builder.Property(t => t.Reservation).HasMaxLength(20);
        builder.HasIndex(t => new { t.Day, t.Reservation });
        builder.Property(t => t.Revision).IsConcurrencyToken();
        builder.HasIndex(t => new { t.Day, t.Number }).IsUnique();
        builder.HasIndex(t => new { t.ServiceId, t.Day, t.Status });
    }
}

internal sealed class QueueSequenceConfiguration : IEntityTypeConfiguration<QueueSequence>
{
    public void Configure(EntityTypeBuilder<QueueSequence> builder)
    {
        builder.ToTable("queue_sequences");
        builder.HasKey(s => new { s.ServiceId, s.Day });
        builder.Property(s => s.ServiceId).HasMaxLength(40);
    }
}

internal sealed class QueueServiceTimeConfiguration : IEntityTypeConfiguration<QueueServiceTime>
{
    public void Configure(EntityTypeBuilder<QueueServiceTime> builder)
    {
        builder.ToTable("queue_service_times");
        builder.Property(s => s.ServiceId).HasMaxLength(40);
        builder.HasIndex(s => new { s.ServiceId, s.CalledAt });
        builder.HasIndex(s => s.CalledAt);
    }
}
