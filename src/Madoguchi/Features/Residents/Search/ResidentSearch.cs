using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Residents.Places;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Ui;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Residents.Search;

/// <summary>What a clerk typed to find a person; any of it may be empty, not all of it.</summary>
public sealed record ResidentQuery(string? Name, string? BirthDate, string? Address, string? AtenaNumber, bool IncludeRemoved = false)
{
    public const string NameField = "name";
    public const string BirthDateField = "birthDate";
    public const string AddressField = "address";
    public const string AtenaNumberField = "atenaNumber";
}

/// <summary>One person found: what a clerk needs to tell people with the same name apart.</summary>
public sealed record ResidentMatch(
    string AtenaNumber, string FullName, string FullNameKana, string? FormerSurname, DateOnly BirthDate, Sex Sex, ResidentKind Kind,
    string Town, string StreetNumber, string? Katagaki, string Relationship, ResidentStatus Status);

/// <summary>The people found (at most <see cref="ResidentSearch.MaxMatches"/>) and whether there were more.</summary>
public sealed record ResidentSearchResult(IReadOnlyList<ResidentMatch> Matches, bool More);

/// <summary>
/// Finding a person in the read model at the counter, by name or reading (whole, partial or one character), birth date
/// (a day, a month or a year, 和暦 or 西暦), address (a 町字 and the start of its 番地) or 宛名番号, in any combination.
/// Names are found through the bigram index (<see cref="ResidentSearchText"/>), confirmed on the folded name; every
/// search is audited with what kind of criteria it used and how many it found, never the words typed.
/// </summary>
public sealed class ResidentSearch(MadoguchiDbContext db, AuditTrail audit, CityPlaces places, IStringLocalizer<Resources.Messages> t)
{
    public const int MaxMatches = 50;

    /// <summary>Who may look up resident records: the counter and the case officers who serve residents.</summary>
    public static bool MayRead(ClaimsPrincipal user) =>
        user.IsInRole(StaffRoles.CounterClerk) || user.IsInRole(StaffRoles.CaseOfficer);

    public async Task<Result<ResidentSearchResult>> FindAsync(ClaimsPrincipal user, ResidentQuery query, CancellationToken cancellationToken)
    {
        if (!MayRead(user))
        {
            return new Problem(ProblemKind.Forbidden, t["Residents.Search.Forbidden"]);
        }

        var fields = new Dictionary<string, string>();
        var words = (query.Name is null ? [] : JapaneseText.Normalise(query.Name).Split('\u3000', StringSplitOptions.RemoveEmptyEntries))
            .Select(JapaneseText.Fold).Where(w => w.Length > 0).ToList();
        if (words.Count > 4 || words.Any(w => w.Length > 30))
        {
            fields[ResidentQuery.NameField] = t["Residents.Search.NameTooLong"];
        }

        (DateOnly From, DateOnly To)? born = null;
        if (!string.IsNullOrWhiteSpace(query.BirthDate) && (born = BirthDateQuery.Parse(query.BirthDate)) is null)
        {
            fields[ResidentQuery.BirthDateField] = t["Residents.Search.BirthDate"];
        }

        (Town Town, string StreetKey)? address = null;
        if (!string.IsNullOrWhiteSpace(query.Address))
        {
            if (query.Address.Length > 100 || places.Match(query.Address) is not { } matched)
            {
                fields[ResidentQuery.AddressField] = t["Residents.Search.Address"];
            }
            else
            {
                address = (matched.Town, ResidentSearchText.StreetKey(matched.Remainder));
            }
        }

        var atena = string.IsNullOrWhiteSpace(query.AtenaNumber) ? null : JapaneseText.Compact(query.AtenaNumber);
        if (atena is not null && (atena.Length > ResidentNumbers.MaxLength || !atena.All(char.IsAsciiDigit)))
        {
            fields[ResidentQuery.AtenaNumberField] = t["Residents.Search.AtenaNumber"];
        }

        if (fields.Count > 0)
        {
            return Problem.Invalid(t["Residents.Search.Invalid"], fields);
        }

        if (words.Count == 0 && born is null && address is null && atena is null)
        {
            return Problem.Invalid(t["Residents.Search.Invalid"], ResidentQuery.NameField, t["Residents.Search.Nothing"]);
        }

        var residents = db.Set<Resident>().AsNoTracking();
        if (!query.IncludeRemoved)
        {
            residents = residents.Where(r => r.Status == ResidentStatus.Registered);
        }

        foreach (var word in words)
        {
            var grams = ResidentSearchText.QueryGrams(word);
            if (grams.Count > 0)
            {
                // The people having every gram of the word: the index answers each, the database intersects them.
                var having = grams.Skip(1).Aggregate(
                    db.Set<ResidentSearchGram>().Where(g => g.Gram == grams[0]).Select(g => g.AtenaNumber),
                    (set, gram) => set.Intersect(db.Set<ResidentSearchGram>().Where(g => g.Gram == gram).Select(g => g.AtenaNumber)));
                residents = residents.Where(r => having.Contains(r.AtenaNumber));
            }

            if (word.Length > 2 || grams.Count == 0)
            {
                residents = residents.Where(r => r.SearchName.Contains(word));
            }
        }

        if (born is { } range)
        {
            residents = residents.Where(r => r.BirthDate >= range.From && r.BirthDate <= range.To);
        }

        if (address is { } place)
        {
            var town = place.Town.Name;
            var key = place.StreetKey;
            residents = residents.Where(r => r.Town == town);
            if (key.Length > 0)
            {
                var below = key + "-";
                residents = residents.Where(r => r.StreetKey == key || r.StreetKey.StartsWith(below));
            }
        }

        if (atena is not null)
        {
            residents = residents.Where(r => r.AtenaNumber == atena);
        }

        // People whose own name or reading starts with the first word come first (a former surname or a match inside
        // a name after them), then in the order of their reading.
        var first = words.Count > 0 ? words[0] : string.Empty;
        var found = await residents
            .OrderBy(r => first.Length == 0 || (r.FamilyNameKana + r.GivenNameKana).StartsWith(first) || (r.FamilyName + r.GivenName).StartsWith(first) ? 0 : 1)
            .ThenBy(r => r.FamilyNameKana).ThenBy(r => r.GivenNameKana).ThenBy(r => r.BirthDate).ThenBy(r => r.AtenaNumber)
            .Take(MaxMatches + 1)
            .Select(r => new ResidentMatch(
                r.AtenaNumber, r.FamilyName + "\u3000" + r.GivenName, r.FamilyNameKana + "\u3000" + r.GivenNameKana, r.FormerSurname, r.BirthDate, r.Sex, r.Kind,
                r.Town, r.StreetNumber, r.Katagaki, r.Relationship, r.Status))
            .ToListAsync(cancellationToken);

        var criteria = new[] { (words.Count > 0, "name"), (born is not null, "birthDate"), (address is not null, "address"), (atena is not null, "atenaNumber") }
            .Where(c => c.Item1).Select(c => c.Item2).ToList();
        await audit.RecordAsync(new AuditEntry("residents.searched", Details: new { criteria, found = Math.Min(found.Count, MaxMatches), more = found.Count > MaxMatches, query.IncludeRemoved }), cancellationToken);
        return new ResidentSearchResult(found.Take(MaxMatches).ToList(), found.Count > MaxMatches);
    }
}
