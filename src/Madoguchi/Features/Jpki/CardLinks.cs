using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.Jpki;

/// <summary>A single-use challenge for card authentication: random bytes the card's authentication key signs.</summary>
public sealed class CardChallenge
{
    public Guid Id { get; set; }

    public required byte[] Challenge { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? UsedAt { get; set; }
}

/// <summary>
/// A resident's My Number Card, known by its 利用者証明用電子証明書 (which carries no personal data): linked once, with
/// consent, while signed in; a renewed card is linked again the same way.
/// </summary>
public sealed class CardLink
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>SHA-256 of the certificate's DER: how a presented certificate is recognised.</summary>
    public required string CertificateSha256 { get; set; }

    public required string SerialNumber { get; set; }

    public required string Issuer { get; set; }

    public DateTime NotAfter { get; set; }

    public DateTime LinkedAt { get; set; }
}

internal sealed class CardChallengeConfiguration : IEntityTypeConfiguration<CardChallenge>
{
    public void Configure(EntityTypeBuilder<CardChallenge> builder)
    {
        builder.ToTable("jpki_challenges");
        builder.HasIndex(c => c.ExpiresAt);
    }
}

internal sealed class CardLinkConfiguration : IEntityTypeConfiguration<CardLink>
{
    public void Configure(EntityTypeBuilder<CardLink> builder)
    {
        builder.ToTable("jpki_card_links");
        builder.Property(l => l.UserId).HasMaxLength(450);
        builder.Property(l => l.CertificateSha256).HasMaxLength(64);
        builder.HasIndex(l => l.CertificateSha256).IsUnique();
        builder.Property(l => l.SerialNumber).HasMaxLength(64);
        builder.Property(l => l.Issuer).HasMaxLength(400);
        builder.HasIndex(l => l.UserId);
        builder.HasOne<MadoguchiUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public enum CardOutcome
{
    SignedIn,
    Linked,
    NotLinked,
    LinkedElsewhere,
    ChallengeUsedOrExpired,
    Refused,
}

public sealed record CardResult(CardOutcome Outcome, VerificationReport? Report = null, MadoguchiUser? User = null);

/// <summary>
/// Card authentication: a challenge is issued, used once within <see cref="ChallengeLifetime"/>, its signature checked
/// with the authentication certificate (<see cref="SignatureVerifier.VerifyAuthenticationAsync"/>), and the certificate
/// looked up among the linked cards. Each attempt is audited.
/// </summary>
public sealed class CardAuthentication(MadoguchiDbContext db, SignatureVerifier verifier, AuditTrail audit, TimeProvider clock)
{
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(3);

    public async Task<CardChallenge> IssueChallengeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Every page view makes one: those long expired go, so that the table stays small (the index is on ExpiresAt).
        await db.Set<CardChallenge>().Where(c => c.ExpiresAt < now.AddHours(-1)).ExecuteDeleteAsync(cancellationToken);
        var challenge = new CardChallenge { Id = Guid.CreateVersion7(), Challenge = RandomNumberGenerator.GetBytes(32), CreatedAt = now, ExpiresAt = now + ChallengeLifetime };
        db.Add(challenge);
        await db.SaveChangesAsync(cancellationToken);
        return challenge;
    }

    /// <summary>Signs in with a linked card; <see cref="CardOutcome.NotLinked"/> when the card is valid but nobody linked it.</summary>
    public async Task<CardResult> SignInAsync(Guid challengeId, byte[] signature, byte[] certificate, CancellationToken cancellationToken)
    {
        var checkedCard = await CheckAsync(challengeId, signature, certificate, "signin", cancellationToken);
        if (checkedCard.Outcome != CardOutcome.SignedIn)
        {
            return checkedCard;
        }

        var hash = Sha256(certificate);
        var user = await db.Set<CardLink>().AsNoTracking().Where(l => l.CertificateSha256 == hash)
            .Join(db.Users, l => l.UserId, u => u.Id, (l, u) => u).SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.Kind != AccountKind.Citizen)
        {
            await audit.RecordAsync(new AuditEntry("card.not_linked", "card", checkedCard.Report!.CertificateSerial), cancellationToken);
            return checkedCard with { Outcome = CardOutcome.NotLinked };
        }

        return checkedCard with { User = user };
    }

    /// <summary>Links the presented card to the signed-in resident (who consented on the page).</summary>
    public async Task<CardResult> LinkAsync(string userId, Guid challengeId, byte[] signature, byte[] certificate, CancellationToken cancellationToken)
    {
        var checkedCard = await CheckAsync(challengeId, signature, certificate, "link", cancellationToken);
        if (checkedCard.Outcome != CardOutcome.SignedIn)
        {
            return checkedCard;
        }

        var hash = Sha256(certificate);
        var existing = await db.Set<CardLink>().AsNoTracking().SingleOrDefaultAsync(l => l.CertificateSha256 == hash, cancellationToken);
        if (existing is not null)
        {
            return existing.UserId == userId ? checkedCard with { Outcome = CardOutcome.Linked } : checkedCard with { Outcome = CardOutcome.LinkedElsewhere };
        }

        var parsed = X509CertificateLoader.LoadCertificate(certificate);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(new CardLink
        {
            Id = Guid.CreateVersion7(), UserId = userId, CertificateSha256 = hash, SerialNumber = parsed.SerialNumber, Issuer = parsed.Issuer,
            NotAfter = parsed.NotAfter.ToUniversalTime(), LinkedAt = clock.GetUtcNow().UtcDateTime,
        });
        await audit.AppendAsync(new AuditEntry("card.linked", "user", userId, Details: new { serial = parsed.SerialNumber }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return checkedCard with { Outcome = CardOutcome.Linked };
    }

    public Task<List<CardLink>> LinksOfAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<CardLink>().AsNoTracking().Where(l => l.UserId == userId).OrderByDescending(l => l.LinkedAt).ToListAsync(cancellationToken);

    private async Task<CardResult> CheckAsync(Guid challengeId, byte[] signature, byte[] certificate, string purpose, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Used once: only the request that marks it used may go on, even if two arrive together.
        var taken = await db.Set<CardChallenge>().Where(c => c.Id == challengeId && c.UsedAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now), cancellationToken);
        if (taken != 1)
        {
            await audit.RecordAsync(new AuditEntry("card.refused", "card", null, Details: new { purpose, problem = "challenge" }), cancellationToken);
            return new CardResult(CardOutcome.ChallengeUsedOrExpired);
        }

        var challenge = await db.Set<CardChallenge>().AsNoTracking().Where(c => c.Id == challengeId).Select(c => c.Challenge).SingleAsync(cancellationToken);
        var report = await verifier.VerifyAuthenticationAsync(challenge, signature, certificate, cancellationToken);
        if (!report.IsValid)
        {
            await audit.RecordAsync(new AuditEntry("card.refused", "card", report.CertificateSerial, Details: new { purpose, report.Status, report.Problem }), cancellationToken);
            return new CardResult(CardOutcome.Refused, report);
        }

        return new CardResult(CardOutcome.SignedIn, report);
    }

    private static string Sha256(byte[] certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate));
}
