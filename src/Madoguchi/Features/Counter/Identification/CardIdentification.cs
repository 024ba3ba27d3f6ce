using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Madoguchi.Features.Jpki;
using Madoguchi.Features.Residents;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Ui;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Counter.Identification;

/// <summary>What the card said, whom it found on the register, and the open 転入予約s that name the holder (moving in).</summary>
public sealed record CardMatch(HolderAttributes Holder, IReadOnlyList<Resident> Matches, IReadOnlyList<Arrivals.Arrival> Reservations);

/// <summary>
/// Identifying a resident at the counter with their My Number Card: the counter's screen shows a short document, the
/// card bridge signs it with the 署名用 key (the resident types their PIN), and the signature is verified here (chain,
/// validity, revocation) before the certificate's 基本4情報 are compared with the read model: 氏名, 生年月日 and 性別 must
/// agree; the address confirms. A name written with substitute characters (外字) on the card is matched without it.
/// The document carries a time-limited, server-protected token, so an old signature cannot be brought back later.
/// </summary>
public sealed class CardIdentification(
    IDataProtectionProvider protection, SignatureVerifier verifier, ResidentDirectory residents, Casework.Reservations reservations,
    Residents.Places.CityPlaces places, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    public const string Format = "madoguchi-counter-identification/1";

    /// <summary>How long the signed document may take to come back: the resident may need a while for the PIN.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("Madoguchi.Counter.CardIdentification").ToTimeLimitedDataProtector();

    /// <summary>A fresh document to sign and the token that brings it back.</summary>
    public (string Document, string Token) Issue()
    {
        var now = clock.GetUtcNow();
        var document = $"{Format}\n{t["Counter.Card.Document", JapaneseDate.FormatInstant(now.UtcDateTime, withSeconds: true)]}\n{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        return (document, Protector.Protect(document, now.Add(Lifetime)));
    }

    public async Task<Result<CardMatch>> IdentifyAsync(ClaimsPrincipal user, string? token, string? signatureBase64, CancellationToken cancellationToken)
    {
        if (!Visits.CounterVisits.MayServe(user))
        {
            return new Problem(ProblemKind.Forbidden, t["Counter.Forbidden"]);
        }

        string document;
        try
        {
            document = Protector.Unprotect(token ?? string.Empty, out var expires);
            if (expires < clock.GetUtcNow())
            {
                throw new CryptographicException("expired");
            }
        }
        catch (CryptographicException)
        {
            return Problem.Invalid(t["Counter.Card.Title"], "signature", t["Counter.Card.Expired"]);
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String((signatureBase64 ?? string.Empty).Trim());
        }
        catch (FormatException)
        {
            return Problem.Invalid(t["Counter.Card.Title"], "signature", t["Counter.Card.NotBase64"]);
        }

        if (signature.Length == 0)
        {
            return Problem.Invalid(t["Counter.Card.Title"], "signature", t["Counter.Card.Missing"]);
        }

        var report = await verifier.VerifyCmsAsync(Encoding.UTF8.GetBytes(document), signature, cancellationToken);
        if (!report.IsValid || report.Holder is not { } holder)
        {
            await audit.RecordAsync(new AuditEntry("counter.card_refused", Details: new { problem = report.Problem ?? report.Status }), cancellationToken);
            return Problem.Invalid(t["Counter.Card.Title"], "signature", report.IsValid ? t["Counter.Card.NoHolder"] : VerificationMessages.Describe(report, t));
        }

        var matches = holder.BirthDate is { } born ? await MatchAsync(holder, born, cancellationToken) : [];
        var reserved = holder.BirthDate is { } birth && !holder.NameHasSubstitutes ? await ReservationsAsync(holder, birth, cancellationToken) : [];
        await audit.RecordAsync(new AuditEntry("counter.card_identified", "resident", matches.Count == 1 ? matches[0].AtenaNumber : null, Details: new
        {
            found = matches.Count, reservations = reserved.Count, certificate = report.CertificateSerial, nameSubstitutes = holder.NameHasSubstitutes,
        }), cancellationToken);
        return new CardMatch(holder, matches, reserved);
    }

    /// <summary>
    /// Someone moving in is not on the register yet: their card (issued by the former city) finds the open 転入予約 that
    /// names a person of the same 氏名, 生年月日 and 性別.
    /// </summary>
    private async Task<List<Arrivals.Arrival>> ReservationsAsync(HolderAttributes holder, DateOnly born, CancellationToken cancellationToken)
    {
        var sex = holder.Sex switch { HolderSex.Male => Sex.Male, HolderSex.Female => Sex.Female, _ => (Sex?)null };
        var name = JapaneseText.Compact(holder.Name);
        return (await reservations.OpenAsync(Arrivals.Arrival.Procedure, cancellationToken))
            .Select(Arrivals.Arrival.From)
            .Where(a => a.People.Any(p => p.BirthDate == born && (sex is null || p.Sex == sex) && JapaneseText.Compact(p.FullName) == name))
            .ToList();
    }

    private async Task<List<Resident>> MatchAsync(HolderAttributes holder, DateOnly born, CancellationToken cancellationToken)
    {
        var sex = holder.Sex switch { HolderSex.Male => Sex.Male, HolderSex.Female => Sex.Female, _ => (Sex?)null };
        var name = JapaneseText.Compact(holder.Name);
        var address = JapaneseText.Compact(holder.Address);
        var sameDay = await residents.BornOnAsync(born, cancellationToken);
        var candidates = sameDay.Where(r => sex is null || r.Sex == sex).ToList();
        bool SameAddress(Resident r) =>
            address.StartsWith(JapaneseText.Compact(ResidentDataItems.AddressOf(r, places.Prefecture + places.City).Split('\u3000')[0]), StringComparison.Ordinal);
        if (holder.NameHasSubstitutes)
        {
            // The card could not write the name as the register does: the address has to agree instead.
            return candidates.Where(SameAddress).ToList();
        }

        var named = candidates.Where(r => JapaneseText.Compact(r.FamilyName + r.GivenName) == name).ToList();
        // Two people of one name, birth date and sex: the address tells them apart, when it can.
        return named.Count > 1 && named.Count(SameAddress) == 1 ? named.Where(SameAddress).ToList() : named;
    }
}
