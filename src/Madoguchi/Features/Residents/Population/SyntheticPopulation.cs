using System.Text.Json;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Residents.Places;
using Madoguchi.Features.Residents.Records;

namespace Madoguchi.Features.Residents.Population;

/// <summary>
/// A made-up population of the city for the demo and the tests, never real people: households of the kinds an ageing
/// rural city has (single elderly people, elderly couples, families, three generations) placed at generated 番地 of the
/// real 町字, names drawn from common surnames and the given names of each birth decade (catalog/demo/residents). The
/// same seed and date always give the same records, in the file format's order (宛名番号, then 履歴番号).
/// </summary>
public sealed class SyntheticPopulation
{
    /// <summary>About 22,000 households of about 51,000 people: Goshogawara on the census basis (goshogawara.md §6).</summary>
    public const int CityHouseholds = 22_000;

    private readonly CityPlaces places;
    private readonly Names names;
    private readonly Random random;
    private readonly DateOnly asOf;
    private readonly DateTime processedCap;
    private readonly List<IncomingResidentRecord> records = [];
    private readonly HashSet<string> residentCodes = [];
    private long nextAtena = 1_000_001;
    private long nextHousehold = 5_000_001;
    private readonly (Town Town, double Weight)[] weightedTowns;

    private SyntheticPopulation(CityPlaces places, Names names, int seed, DateOnly asOf)
    {
        this.places = places;
        this.names = names;
        random = new Random(seed);
        this.asOf = asOf;
        processedCap = Platform.Time.JapanTime.StartOfDayUtc(asOf).AddHours(-6); // the evening before: every change is processed by then
        // Where people live: the old town centre is dense, 金木 is a tenth of the city and 市浦 a small fishing area.
        weightedTowns = places.Towns.Select(t => (t, t.Area switch
        {
            "centre" => 3.0,
            "kanagi" => 12.0,
            "shiura" => 4.0,
            _ => 1.2,
        })).ToArray();
    }

    public static IReadOnlyList<IncomingResidentRecord> Generate(int households, int seed, DateOnly asOf, CityPlaces? places = null)
    {
        var population = new SyntheticPopulation(places ?? CityPlaces.Load(), Names.Load(), seed, asOf);
        for (var i = 0; i < households; i++)
        {
            population.Household();
        }

        population.FormerResidents(households / 40);
        return population.records;
    }

    private void Household()
    {
        var roll = random.NextDouble();
        var family = names.Surname(random);
        var members = new List<Member>();
        switch (roll)
        {
            case < 0.20: // one person aged 65 or more, more often a woman
                members.Add(Person(family, Age(65, 98, olderBias: true), random.NextDouble() < 0.68 ? Sex.Female : Sex.Male, Relationships.Head));
                break;
            case < 0.29: // one person of working age
                members.Add(Person(family, Age(20, 64), random.NextDouble() < 0.55 ? Sex.Male : Sex.Female, Relationships.Head));
                break;
            case < 0.49: // an elderly couple
            {
                var age = Age(65, 92, olderBias: true);
                members.Add(Person(family, age, Sex.Male, Relationships.Head));
                members.Add(Person(family, Math.Max(60, age - random.Next(0, 6)), Sex.Female, "妻", married: true));
                break;
            }

            case < 0.575: // a couple of 40 to 64, some with a grown child still at home
            {
                var age = Age(40, 64);
                members.Add(Person(family, age, Sex.Male, Relationships.Head));
                members.Add(Person(family, Math.Max(35, age - random.Next(0, 5)), Sex.Female, "妻", married: true));
                if (random.NextDouble() < 0.45)
                {
                    members.Add(Person(family, Math.Max(18, age - 24 - random.Next(0, 8)), random.NextDouble() < 0.5 ? Sex.Male : Sex.Female, "子"));
                }

                break;
            }

            case < 0.72: // a couple with children
            {
                var age = Age(27, 52);
                members.Add(Person(family, age, Sex.Male, Relationships.Head));
                members.Add(Person(family, Math.Max(22, age - random.Next(0, 5)), Sex.Female, "妻", married: true));
                Children(members, family, age - 24, ChildCount(), "子");
                break;
            }

            case < 0.76: // one parent with children
            {
                var age = Age(28, 50);
                members.Add(Person(family, age, random.NextDouble() < 0.85 ? Sex.Female : Sex.Male, Relationships.Head));
                Children(members, family, age - 22, 1 + random.Next(0, 2), "子");
                break;
            }

            case < 0.86: // an elderly parent (or two) with a grown child who never left
            {
                var age = Age(70, 95, olderBias: true);
                var widowed = random.NextDouble() < 0.6;
                members.Add(Person(family, age, widowed ? Sex.Female : Sex.Male, Relationships.Head));
                if (!widowed)
                {
                    members.Add(Person(family, Math.Max(65, age - random.Next(0, 5)), Sex.Female, "妻", married: true));
                }

                members.Add(Person(family, Math.Clamp(age - 26 - random.Next(0, 10), 30, 68), random.NextDouble() < 0.6 ? Sex.Male : Sex.Female, "子"));
                break;
            }

            case < 0.955: // three generations under one roof
            {
                var age = Age(38, 60);
                var elderHead = random.NextDouble() < 0.4;
                var elderAge = Math.Min(98, age + 26 + random.Next(0, 8));
                var elderCouple = random.NextDouble() < 0.45;
                if (elderHead)
                {
                    members.Add(Person(family, elderAge, elderCouple ? Sex.Male : Sex.Female, Relationships.Head));
                    if (elderCouple)
                    {
                        members.Add(Person(family, elderAge - random.Next(0, 5), Sex.Female, "妻", married: true));
                    }

                    members.Add(Person(family, age, Sex.Male, "子"));
                    members.Add(Person(family, Math.Max(25, age - random.Next(0, 5)), Sex.Female, "子の妻", married: true));
                    Children(members, family, age - 24, ChildCount(), "子の子");
                }
                else
                {
                    members.Add(Person(family, age, Sex.Male, Relationships.Head));
                    members.Add(Person(family, Math.Max(25, age - random.Next(0, 5)), Sex.Female, "妻", married: true));
                    Children(members, family, age - 24, random.Next(0, 3), "子");
                    members.Add(Person(family, elderAge, Sex.Female, "母"));
                    if (elderCouple)
                    {
                        members.Add(Person(family, elderAge + random.Next(0, 5), Sex.Male, "父"));
                    }
                }

                break;
            }

            default: // a young couple
            {
                var age = Age(23, 39);
                members.Add(Person(family, age, Sex.Male, Relationships.Head));
                members.Add(Person(family, Math.Max(20, age - random.Next(0, 4)), Sex.Female, "妻", married: true));
                break;
            }
        }

        if (random.NextDouble() < 0.003)
        {
            members = [Foreigner()];
        }

        Write(members);
    }

    /// <summary>Records that have left the register: people who died or moved away in the last years (除票).</summary>
    private void FormerResidents(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var deceased = random.NextDouble() < 0.55;
            var family = names.Surname(random);
            var member = Person(family, deceased ? Age(70, 99, olderBias: true) : Age(18, 40), random.NextDouble() < 0.5 ? Sex.Female : Sex.Male, Relationships.Head);
            Write([member], removal: deceased ? ("死亡", ResidentStatus.Deceased) : ("国内転出", ResidentStatus.MovedOut));
        }
    }

    private void Children(List<Member> members, string family, int oldest, int count, string relationship)
    {
        var age = Math.Clamp(oldest - random.Next(0, 8), 0, 24);
        for (var i = 0; i < count && age >= 0; i++)
        {
            members.Add(Person(family, age, random.NextDouble() < 0.51 ? Sex.Male : Sex.Female, relationship));
            age -= 1 + random.Next(1, 5);
        }
    }

    /// <summary>One child, often two, seldom three: the city's birth rate.</summary>
    private int ChildCount() => 1 + (random.NextDouble() < 0.6 ? 1 : 0) + (random.NextDouble() < 0.2 ? 1 : 0);

    private int Age(int min, int max, bool olderBias = false)
    {
        if (!olderBias)
        {
            return random.Next(min, max + 1);
        }

        // The old are fewer at each older age: about half of the 65+ are 75 or more, few pass 95.
        var x = random.NextDouble();
        var age = x < 0.47 ? random.Next(65, 75) : x < 0.82 ? random.Next(75, 85) : x < 0.97 ? random.Next(85, 95) : random.Next(95, 101);
        return Math.Clamp(age, min, max);
    }

    private Member Person(string family, int age, Sex sex, string relationship, bool married = false)
    {
        var birth = asOf.AddYears(-age).AddDays(-random.Next(1, 365));
        var (given, kana) = names.Given(random, sex, birth.Year);
        string? former = null;
        if (married && random.NextDouble() < 0.04)
        {
            former = names.Surname(random);
        }

        return new Member(family, names.KanaOf(family), given, kana, birth, sex, relationship, former, former is null ? null : names.KanaOf(former), ResidentKind.Japanese, married);
    }

    private Member Foreigner()
    {
        var (family, given, familyKana, givenKana, sex) = names.Foreign(random);
        var birth = asOf.AddYears(-Age(20, 45)).AddDays(-random.Next(1, 365));
        return new Member(family, familyKana, given, givenKana, birth, sex, Relationships.Head, null, null, ResidentKind.Foreign);
    }

    private void Write(List<Member> members, (string Reason, ResidentStatus Status)? removal = null)
    {
        var household = Issue(ref nextHousehold);
        var town = PickTown();
        var street = StreetNumber(town);
        var katagaki = town.Area == "centre" && random.NextDouble() < 0.14
            ? $"{names.Building(random)}{random.Next(1, 4)}0{random.Next(1, 7)}号室"
            : null;
        var head = members[0];
        // Households that moved in from elsewhere: the date their head came, which the others share unless born later.
        var movedIn = head.Kind == ResidentKind.Foreign || random.NextDouble() < 0.3
            ? Later(head.BirthDate.AddYears(18), asOf.AddDays(-20))
            : (DateOnly?)null;
        var movedFrom = movedIn is null ? null : head.Kind == ResidentKind.Foreign ? "国外" : names.MovedFrom(random);
        // Some households moved within the city: their first record is at another 町字, their second a 転居.
        var moved = movedIn is null && random.NextDouble() < 0.12 ? Later(head.BirthDate.AddYears(20), asOf.AddDays(-30)) : (DateOnly?)null;
        var cardHolder = random.NextDouble() < 0.78;

        for (var order = 0; order < members.Count; order++)
        {
            var m = members[order];
            var atena = Issue(ref nextAtena);
            var arrived = movedIn is { } arrival && arrival > m.BirthDate ? arrival : (DateOnly?)null;
            var becameResident = arrived ?? m.BirthDate;
            var first = Record(atena, household, m, order + 1, town, street, katagaki, 1);
            first.BecameResidentOn = becameResident;
            first.AddressSetOn = becameResident;
            first.ChangeReason = arrived is not null ? (m.Kind == ResidentKind.Foreign ? "国外転入等" : "国内転入") : "出生";
            first.ChangedOn = becameResident;
            first.NotifiedOn = arrived is not null ? arrived.Value.AddDays(random.Next(0, 14)) : becameResident.AddDays(random.Next(1, 14));
            if (first.NotifiedOn > asOf.AddDays(-1))
            {
                first.NotifiedOn = asOf.AddDays(-1);
            }

            first.PreviousAddress = arrived is not null ? movedFrom : null;
            first.ProcessedAt = Processed(first.NotifiedOn.Value);
            var last = first;
            if (m.Married && arrived is null && Later(m.BirthDate.AddYears(22), m.BirthDate.AddYears(32)) is var marriedOn && marriedOn < asOf.AddDays(-30))
            {
                last = Marriage(first, m, marriedOn);
            }

            if (moved is { } movedOn && movedOn > first.AddressSetOn && last == first)
            {
                var earlierTown = PickTown();
                first.Town = earlierTown.Name;
                first.PostalCode = earlierTown.PostalCode;
                first.StreetNumber = StreetNumber(earlierTown);
                first.Katagaki = null;
                last = Next(first, "転居", movedOn);
                last.Town = town.Name;
                last.PostalCode = town.PostalCode;
                last.StreetNumber = street;
                last.Katagaki = katagaki;
                last.AddressSetOn = movedOn;
            }

            if (cardHolder && m.Kind == ResidentKind.Japanese && random.NextDouble() < 0.92)
            {
                last.AuthenticationCertificateSerial = Serial();
                last.SignatureCertificateSerial = asOf.Year - m.BirthDate.Year >= 15 ? Serial() : null;
            }

            if (removal is { } end)
            {
                var since = last.AddressSetOn.AddDays(30);
                var on = Later(since > asOf.AddYears(-3) ? since : asOf.AddYears(-3), asOf.AddDays(-10));
                last = Next(last, end.Reason, on);
                last.Status = end.Status;
                last.AuthenticationCertificateSerial = null;
                last.SignatureCertificateSerial = null;
            }
        }
    }

    /// <summary>
    /// How a wife's record came to her husband's household: half came from elsewhere at marriage (国内転入 under the
    /// married name); the others were born in the city under their maiden name in their parents' household, took the
    /// married name by the 戸籍 notice (職権修正) and moved to this household (転居).
    /// </summary>
    private IncomingResidentRecord Marriage(IncomingResidentRecord first, Member m, DateOnly marriedOn)
    {
        if (random.NextDouble() < 0.5)
        {
            (first.ChangeReason, first.BecameResidentOn, first.AddressSetOn, first.ChangedOn) = ("国内転入", marriedOn, marriedOn, marriedOn);
            first.NotifiedOn = marriedOn.AddDays(random.Next(0, 14));
            first.PreviousAddress = names.MovedFrom(random);
            first.ProcessedAt = Processed(first.NotifiedOn.Value);
            return first;
        }

        var (household, relationship, order, town, street, katagaki) = (first.HouseholdNumber, first.Relationship, first.HouseholdOrder, first.Town, first.StreetNumber, first.Katagaki);
        var maiden = names.Surname(random);
        var parents = PickTown();
        (first.FamilyName, first.FamilyNameKana, first.FormerSurname, first.FormerSurnameKana) = (maiden, names.KanaOf(maiden), null, null);
        (first.HouseholdNumber, first.Relationship, first.HouseholdOrder) = (Issue(ref nextHousehold), "子", 2);
        (first.Town, first.PostalCode, first.StreetNumber, first.Katagaki) = (parents.Name, parents.PostalCode, StreetNumber(parents), null);
        var renamed = Next(first, "職権修正", marriedOn);
        (renamed.FamilyName, renamed.FamilyNameKana, renamed.FormerSurname, renamed.FormerSurnameKana) = (m.FamilyName, m.FamilyKana, m.Former, m.FormerKana);
        renamed.NotifiedOn = null; // a change by the 戸籍 notice, not by the resident's own notification
        var movedOn = marriedOn.AddDays(random.Next(0, 14));
        var moved = Next(renamed, "転居", movedOn);
        (moved.HouseholdNumber, moved.Relationship, moved.HouseholdOrder, moved.AddressSetOn) = (household, relationship, order, movedOn);
        var home = places.Towns.First(t => t.Name == town);
        (moved.Town, moved.PostalCode, moved.StreetNumber, moved.Katagaki) = (home.Name, home.PostalCode, street, katagaki);
        return moved;
    }

    private IncomingResidentRecord Record(string atena, string household, Member m, int order, Town town, string street, string? katagaki, int history)
    {
        var record = new IncomingResidentRecord
        {
            AtenaNumber = atena,
            HistoryNumber = history,
            HouseholdNumber = household,
            ResidentCode = ResidentCode(),
            FamilyName = m.FamilyName,
            GivenName = m.GivenName,
            FamilyNameKana = m.FamilyKana,
            GivenNameKana = m.GivenKana,
            KanaConfirmed = random.NextDouble() < 0.9,
            FormerSurname = m.Former,
            FormerSurnameKana = m.FormerKana,
            BirthDate = m.BirthDate,
            Sex = m.Sex,
            Relationship = m.Relationship,
            HouseholdOrder = order,
            PostalCode = town.PostalCode,
            Town = town.Name,
            StreetNumber = street,
            Katagaki = katagaki,
            Status = ResidentStatus.Registered,
            Kind = m.Kind,
            ChangeReason = "出生",
        };
        records.Add(record);
        return record;
    }

    private IncomingResidentRecord Next(IncomingResidentRecord previous, string reason, DateOnly on)
    {
        var next = new IncomingResidentRecord();
        previous.CopyTo(next);
        next.HistoryNumber = previous.HistoryNumber + 1;
        next.ChangeReason = reason;
        next.ChangedOn = on;
        next.NotifiedOn = reason == "死亡" ? null : on;
        next.ProcessedAt = Processed(on.AddDays(reason == "死亡" ? random.Next(1, 8) : 0));
        next.ContentHash = string.Empty;
        records.Add(next);
        return next;
    }

    /// <summary>Processed at the counter in office hours on the day given (or soon after), never after the day before <c>asOf</c>.</summary>
    private DateTime Processed(DateOnly day)
    {
        var at = Platform.Time.JapanTime.StartOfDayUtc(day).AddHours(9 + random.Next(0, 8)).AddMinutes(random.Next(0, 60));
        return at < processedCap ? at : processedCap;
    }

    private DateOnly Later(DateOnly from, DateOnly to) =>
        from >= to ? to : from.AddDays(random.Next(0, to.DayNumber - from.DayNumber + 1));

    private Town PickTown()
    {
        var total = weightedTowns.Sum(t => t.Weight);
        var x = random.NextDouble() * total;
        foreach (var (town, weight) in weightedTowns)
        {
            x -= weight;
            if (x < 0)
            {
                return town;
            }
        }

        return weightedTowns[^1].Town;
    }

    private string StreetNumber(Town town)
    {
        var number = random.Next(1, 400);
        var branch = random.NextDouble() < 0.6 ? $"番地{random.Next(1, 30)}" : "番地";
        if (town.Name.EndsWith("丁目", StringComparison.Ordinal))
        {
            return $"{random.Next(1, 30)}番{random.Next(1, 25)}号";
        }

        return town.Area == "rural" && town.Koaza.Count > 0
            ? $"字{town.Koaza[random.Next(town.Koaza.Count)]}{number}{branch}"
            : $"{number}{branch}";
    }

    private string Issue(ref long sequence)
    {
        while (true)
        {
            var number = ResidentNumbers.Issue(sequence++, 9);
            if (number is not null)
            {
                return number;
            }
        }
    }

    private string ResidentCode()
    {
        while (true)
        {
            var code = string.Concat(Enumerable.Range(0, 11).Select(_ => (char)('0' + random.Next(10))));
            if (code[0] != '0' && residentCodes.Add(code))
            {
                return code;
            }
        }
    }

    private string Serial() => string.Concat(Enumerable.Range(0, 8).Select(_ => "0123456789ABCDEF"[random.Next(16)]));

    private sealed record Member(
        string FamilyName, string FamilyKana, string GivenName, string GivenKana, DateOnly BirthDate, Sex Sex, string Relationship,
        string? Former, string? FormerKana, ResidentKind Kind, bool Married = false);

    /// <summary>The name parts of catalog/demo/residents/names.json.</summary>
    private sealed class Names
    {
        private readonly (string Kanji, string Kana, int Weight)[] surnames;
        private readonly int totalWeight;
        private readonly Dictionary<string, string> kanaOf = [];
        private readonly Dictionary<(Sex, int), (string, string)[]> given = [];
        private readonly (string, string, string, string, Sex)[] foreign;
        private readonly string[] buildings;
        private readonly string[] buildingNames;
        private readonly string[] movedFrom;

        private Names(JsonElement root)
        {
            surnames = root.GetProperty("surnames").EnumerateArray().Select(s => (s[0].GetString()!, s[1].GetString()!, s[2].GetInt32())).ToArray();
            totalWeight = surnames.Sum(s => s.Weight);
            foreach (var (kanji, kana, _) in surnames)
            {
                kanaOf[kanji] = kana;
            }

            foreach (var (sex, key) in new[] { (Sex.Male, "male"), (Sex.Female, "female") })
            {
                foreach (var decade in root.GetProperty("given").GetProperty(key).EnumerateObject())
                {
                    given[(sex, int.Parse(decade.Name, System.Globalization.CultureInfo.InvariantCulture))] =
                        decade.Value.EnumerateArray().Select(n => (n[0].GetString()!, n[1].GetString()!)).ToArray();
                }
            }

            foreign = root.GetProperty("foreign").EnumerateArray()
                .Select(f => (f[0].GetString()!, f[1].GetString()!, f[2].GetString()!, f[3].GetString()!, f[4].GetString() == "male" ? Sex.Male : Sex.Female)).ToArray();
            buildings = root.GetProperty("buildings").EnumerateArray().Select(b => b.GetString()!).ToArray();
            buildingNames = root.GetProperty("buildingNames").EnumerateArray().Select(b => b.GetString()!).ToArray();
            movedFrom = root.GetProperty("movedFrom").EnumerateArray().Select(b => b.GetString()!).ToArray();
        }

        public static Names Load()
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(CatalogLoader.CatalogDirectory, "demo", "residents", "names.json")));
            return new Names(document.RootElement.Clone());
        }

        public string Surname(Random random)
        {
            var x = random.Next(totalWeight);
            foreach (var (kanji, _, weight) in surnames)
            {
                x -= weight;
                if (x < 0)
                {
                    return kanji;
                }
            }

            return surnames[^1].Kanji;
        }

        public string KanaOf(string surname) => kanaOf[surname];

        public (string Given, string Kana) Given(Random random, Sex sex, int birthYear)
        {
            var decade = given.Keys.Where(k => k.Item1 == sex).Select(k => k.Item2).Where(d => d <= birthYear).DefaultIfEmpty(1910).Max();
            var choices = given[(sex, decade)];
            return choices[random.Next(choices.Length)];
        }

        public (string Family, string Given, string FamilyKana, string GivenKana, Sex Sex) Foreign(Random random) => foreign[random.Next(foreign.Length)];

        public string Building(Random random) => buildings[random.Next(buildings.Length)] + buildingNames[random.Next(buildingNames.Length)];

        public string MovedFrom(Random random) => movedFrom[random.Next(movedFrom.Length)];
    }
}
