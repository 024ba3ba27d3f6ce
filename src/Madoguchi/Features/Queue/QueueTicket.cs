using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Queue;

/// <summary>Where a ticket stands: waiting, called to a counter, served, not there when called, or given up.</summary>
public enum TicketStatus
{
    Waiting,
    Called,
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

    public TicketStatus Status { get; set; }

    public DateTime IssuedAt { get; set; }

    public DateTime? CalledAt { get; set; }

    public DateTime? DoneAt { get; set; }

    /// <summary>The counter it was called to (2番窓口).</summary>
    public string? Counter { get; set; }

    public string? ClerkUserId { get; set; }

    public int Revision { get; set; }

    public static string NumberOf(string letter, int sequence) => $"{letter}-{sequence:000}";
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
