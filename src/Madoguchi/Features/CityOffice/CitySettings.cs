using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Time;
using Madoguchi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.CityOffice;

/// <summary>What an administrator sends to change the office's information, as typed.</summary>
public sealed record CityProfileChange(
    string? Office, string? PostalCode, string? Address, string? Phone, string? Email, string? OpeningHours, string? ClosedEveryYear, string? ClosedDates);

/// <summary>
/// Changes the city office's contacts, hours and closed days: one operation for every channel. Checked, then one short
/// transaction that compares the revision the administrator saw, records before and after in the audit trail (this
/// is public information, not personal data) and commits; the new values are in use at once.
/// </summary>
public sealed class CitySettings(MadoguchiDbContext db, AuditTrail audit, CityInformation city, TimeProvider clock, IStringLocalizer<Messages> t)
{
    public async Task<Result<CityContacts>> UpdateAsync(CityProfileChange change, int revision, string? reason, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        var office = Required(change.Office, nameof(change.Office), errors);
        var address = Required(change.Address, nameof(change.Address), errors);
        var hours = Required(change.OpeningHours, nameof(change.OpeningHours), errors);
        if (!ContactFields.TryPostalCode(change.PostalCode, out var postalCode))
        {
            errors[nameof(change.PostalCode)] = t["City.Error.PostalCode"];
        }

        if (!ContactFields.TryPhone(change.Phone, out var phone))
        {
            errors[nameof(change.Phone)] = t["City.Error.Phone"];
        }

        string? email = null;
        if (ContactFields.Text(change.Email) is not null && !ContactFields.TryEmail(change.Email, out email))
        {
            errors[nameof(change.Email)] = t["City.Error.Email"];
        }

        var everyYear = Days(change.ClosedEveryYear, everyYear: true, nameof(change.ClosedEveryYear), errors);
        var dated = Days(change.ClosedDates, everyYear: false, nameof(change.ClosedDates), errors);
        if (errors.Count > 0)
        {
            return Problem.Invalid(t["City.Error.Title"], errors);
        }

        var closed = new ClosedDays(everyYear!.Days.Concat(dated!.Days));
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = await db.Set<CityProfile>().SingleOrDefaultAsync(c => c.Id == CityProfile.SingletonId, cancellationToken);
            if (row is null)
            {
                row = city.Initial();
                db.Add(row);
            }

            if (row.Revision != revision)
            {
                return Stale(row.Revision);
            }

            var before = Snapshot(row);
            (row.Office, row.PostalCode, row.Address, row.Phone, row.Email, row.OpeningHours) = (office!, postalCode, address!, phone, email, hours!);
            row.ClosedDays = CityProfile.Store(closed);
            var after = Snapshot(row);
            var changed = before.Keys.Where(k => before[k] != after[k]).ToArray();
            if (changed.Length == 0)
            {
                return CityContacts.Of(row);
            }

            row.Revision++;
            row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await audit.AppendAsync(new AuditEntry("city.updated", "city_profile", CityProfile.SingletonId.ToString(System.Globalization.CultureInfo.InvariantCulture), ContactFields.Text(reason), Details: new
            {
                changed,
                before = changed.ToDictionary(k => k, k => before[k]),
                after = changed.ToDictionary(k => k, k => after[k]),
            }), cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Stale(revision + 1);
            }
            catch (DbUpdateException) when (revision == 0)
            {
                // Two first edits raced to create the row: the other one won.
                return Stale(revision + 1);
            }

            city.Accept(row);
            return (Result<CityContacts>)CityContacts.Of(row);
        });
    }

    private static Dictionary<string, string?> Snapshot(CityProfile row) => new()
    {
        ["office"] = row.Office, ["postalCode"] = row.PostalCode, ["address"] = row.Address, ["phone"] = row.Phone,
        ["email"] = row.Email, ["openingHours"] = row.OpeningHours, ["closedDays"] = row.ClosedDays,
    };

    private string? Required(string? typed, string field, Dictionary<string, string> errors)
    {
        var text = ContactFields.Text(typed);
        if (text is null)
        {
            errors[field] = t[$"City.Error.{field}.Required"];
        }
        else if (text.Length > CityContacts.MaxText)
        {
            errors[field] = t["City.Error.TooLong", CityContacts.MaxText];
        }

        return text;
    }

    private ClosedDays? Days(string? typed, bool everyYear, string field, Dictionary<string, string> errors)
    {
        var (days, unreadable) = ClosedDays.Parse(typed, everyYear);
        if (unreadable.Count > 0)
        {
            var (line, text) = unreadable[0];
            errors[field] = line > ClosedDays.MaxLines
                ? t["City.Error.TooManyDays", ClosedDays.MaxLines]
                : t[everyYear ? "City.Error.EveryYearLine" : "City.Error.DateLine", line, text, ClosedDays.MaxNoteLength];
        }

        return days;
    }

    private Problem Stale(int revision) =>
        new(ProblemKind.Conflict, t["City.Error.Conflict"], Extensions: new Dictionary<string, object?> { ["revision"] = revision });
}
