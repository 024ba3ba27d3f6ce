using System.Security.Cryptography;
using System.Text;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Madoguchi.Platform.Email;

/// <summary>One e-mail queued because someone outside the city hall asked for it: to whom and from where (both hashed).</summary>
public sealed class MailSend
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the lower-cased address: the table says how often, never to whom.</summary>
    public required string RecipientHash { get; set; }

    /// <summary>SHA-256 of the client address that caused it.</summary>
    public required string ClientHash { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class MailSendConfiguration : IEntityTypeConfiguration<MailSend>
{
    public void Configure(EntityTypeBuilder<MailSend> builder)
    {
        builder.ToTable("mail_sends");
        builder.Property(m => m.RecipientHash).HasMaxLength(64);
        builder.Property(m => m.ClientHash).HasMaxLength(64);
        builder.HasIndex(m => new { m.RecipientHash, m.CreatedAt });
        builder.HasIndex(m => new { m.ClientHash, m.CreatedAt });
    }
}

/// <summary>
/// Every e-mail that a request from outside the city hall (anonymous or a resident) causes is counted against its
/// recipient and its client address, in the database so that every instance shares the count: past
/// <see cref="EmailOptions.MaxPerRecipientPerHour"/> or <see cref="EmailOptions.MaxPerClientPerHour"/> in the last hour
/// the message is not queued. Mail that staff or the platform's own workers cause is not limited here.
/// </summary>
public sealed class MailThrottle(MadoguchiDbContext db, IHttpContextAccessor http, TimeProvider clock, IOptions<EmailOptions> options)
{
    /// <summary>Counts the message if it may go; false when a limit is reached (nothing recorded then).</summary>
    public async Task<bool> TryCountAsync(string recipient, CancellationToken cancellationToken)
    {
        if (http.HttpContext is not { } context || IsStaff(context))
        {
            return true;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddHours(-1);
        var recipientHash = Hash(recipient.Trim().ToLowerInvariant());
        var clientHash = Hash(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        var o = options.Value;
        // Both counts in one round trip (each side is served by its own index).
        var counts = await db.Set<MailSend>()
            .Where(m => m.CreatedAt > since && (m.RecipientHash == recipientHash || m.ClientHash == clientHash))
            .GroupBy(_ => 1)
            .Select(g => new { Recipient = g.Count(m => m.RecipientHash == recipientHash), Client = g.Count(m => m.ClientHash == clientHash) })
            .FirstOrDefaultAsync(cancellationToken);
        if (counts is not null && (counts.Recipient >= o.MaxPerRecipientPerHour || counts.Client >= o.MaxPerClientPerHour))
        {
            return false;
        }

        db.Add(new MailSend { RecipientHash = recipientHash, ClientHash = clientHash, CreatedAt = now });
        return true;
    }

    /// <summary>A staff session (two factors) or a staff API token: the city hall's own work, not limited here.</summary>
    private static bool IsStaff(HttpContext context) =>
        context.User.HasClaim(Features.Identity.MadoguchiClaims.AccountKind, nameof(Features.Identity.AccountKind.Staff)) &&
        (context.User.HasClaim(Features.Identity.MadoguchiClaims.AuthenticationMethod, "mfa") || context.User.HasClaim(c => c.Type == "token_id"));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
