// The resident read model at the size of the city, on the engine the environment names (Database__Provider,
// ConnectionStrings__Madoguchi, MADOGUCHI_DATA_DIR, as the platform reads them):
//   dotnet bench/ResidentBench/bin/Release/net10.0/ResidentBench.dll [households] [searches per kind]
// Imports the synthetic city through the one import operation (timed), then runs the counter's searches through the
// one search operation, each in its own scope as a request would, and prints p50/p95 per kind of search against the
// baseline measured in the same run: a lookup by 宛名番号 through the same operation (primary key, audit write).
using System.Diagnostics;
using System.Security.Claims;
using Madoguchi;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Population;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Features.Residents.Search;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;

var households = args.Length > 0 ? int.Parse(args[0]) : SyntheticPopulation.CityHouseholds;
var perKind = args.Length > 1 ? int.Parse(args[1]) : 300;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var settings = MadoguchiSettings.Load(builder.Configuration, builder.Environment.ContentRootPath);
builder.AddMadoguchi(settings);
await using var app = builder.Build();
await using (var scope = app.Services.CreateAsyncScope())
{
    await DatabaseSetup.MigrateAsync(scope.ServiceProvider); // what the 'migrate' command does
}

var generate = Stopwatch.StartNew();
var records = SyntheticPopulation.Generate(households, seed: 22055, DateOnly.FromDateTime(DateTime.UtcNow));
generate.Stop();
var import = Stopwatch.StartNew();
await using (var scope = app.Services.CreateAsyncScope())
{
    var report = await scope.ServiceProvider.GetRequiredService<ResidentImport>().ApplyAsync("bench", records.Select((r, i) => (i + 2, r)).ToList(), null, CancellationToken.None);
    if (!report.Applied)
    {
        throw new InvalidOperationException(string.Join("\n", report.Problems.Take(5)));
    }
}

import.Stop();
var again = Stopwatch.StartNew();
await using (var scope = app.Services.CreateAsyncScope())
{
    var report = await scope.ServiceProvider.GetRequiredService<ResidentImport>().ApplyAsync("bench", records.Select((r, i) => (i + 2, r)).ToList(), null, CancellationToken.None);
    if (!report.Applied || report.Added != 0)
    {
        throw new InvalidOperationException("Taking the same records again changed something.");
    }
}

again.Stop();
var current = records.GroupBy(r => r.AtenaNumber).Select(g => g.MaxBy(r => r.HistoryNumber)!).Where(r => r.Status == ResidentStatus.Registered).ToList();
var random = new Random(17);
ResidentRecordData Anyone() => current[random.Next(current.Count)];
var clerk = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, StaffRoles.CounterClerk), new Claim(ClaimTypes.NameIdentifier, "bench")], "bench"));
string Era(DateOnly d) => Madoguchi.Platform.Ui.JapaneseDate.Format(d);

var kinds = new (string Name, Func<ResidentQuery> Query)[]
{
    ("Baseline: 宛名番号 (primary key)", () => new ResidentQuery(null, null, null, Anyone().AtenaNumber)),
    ("氏名 in kanji (山田 太郎)", () => { var r = Anyone(); return new ResidentQuery($"{r.FamilyName} {r.GivenName}", null, null, null); }),
    ("フリガナ in hiragana, no space (やまだたろう)", () => { var r = Anyone(); return new ResidentQuery(Hiragana(r.FamilyNameKana + r.GivenNameKana), null, null, null); }),
    ("Partial: first two kana of the surname (やま)", () => { var r = Anyone(); return new ResidentQuery(Hiragana(r.FamilyNameKana[..Math.Min(2, r.FamilyNameKana.Length)]), null, null, null); }),
    ("One character of the surname (林, 工)", () => { var r = Anyone(); return new ResidentQuery(r.FamilyName[..1], null, null, null); }),
    ("Given name only, katakana (タロウ)", () => { var r = Anyone(); return new ResidentQuery(r.GivenNameKana, null, null, null); }),
    ("生年月日 in 和暦 (昭和30年4月1日)", () => new ResidentQuery(null, Era(Anyone().BirthDate), null, null)),
    ("Surname + birth year (工藤 + 昭和30年)", () => { var r = Anyone(); var era = Era(r.BirthDate); return new ResidentQuery(r.FamilyName, era[..(era.IndexOf('年') + 1)], null, null); }),
    ("Address: 町字 and 番地 (布屋町41)", () => { var r = Anyone(); return new ResidentQuery(null, null, r.Town + ResidentSearchText.StreetKey(r.StreetNumber).Split('-')[0], null); }),
};

// Warm-up: compile every query shape and fill the caches, as a server that has run a while has.
foreach (var (_, query) in kinds)
{
    for (var i = 0; i < 30; i++)
    {
        await SearchAsync(query());
    }
}

var results = new List<(string Name, double P50, double P95, double Found)>();
foreach (var (name, query) in kinds)
{
    var times = new List<double>();
    var found = 0;
    for (var i = 0; i < perKind; i++)
    {
        var q = query();
        var watch = Stopwatch.StartNew();
        var result = await SearchAsync(q);
        watch.Stop();
        times.Add(watch.Elapsed.TotalMilliseconds);
        found += result.Matches.Count;
    }

    times.Sort();
    results.Add((name, times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], (double)found / perKind));
}

Console.WriteLine($"{settings.ProviderName}: {current.Count:N0} residents on the register in {households:N0} households, {records.Count:N0} history records.");
Console.WriteLine($"Generated in {generate.Elapsed.TotalSeconds:F1} s; imported in {import.Elapsed.TotalSeconds:F1} s; the same records again in {again.Elapsed.TotalSeconds:F1} s (nothing changed). {perKind} searches per kind, one scope each.");
Console.WriteLine();
Console.WriteLine("| Search | p50 | p95 | people shown (mean) | p95 ratio to baseline |");
Console.WriteLine("|---|---|---|---|---|");
var baseline = results[0].P95;
foreach (var (name, p50, p95, found) in results)
{
    Console.WriteLine($"| {name} | {p50:F1} ms | {p95:F1} ms | {found:F1} | {p95 / baseline:F2} |");
}

// 書かない窓口: preparing a 転入 bundle with its confirmation sheet for a family with children, as the counter does it
// in three requests: start the visit, record the interview (the bundle), open the forms (prefilled from the register)
// and print the A4 sheet. Each family once; the baseline is the 宛名番号 lookup above.
var today = Madoguchi.Platform.Time.JapanTime.Today(TimeProvider.System);
var families = current.GroupBy(r => r.HouseholdNumber)
    .Where(g => g.Any(r => r.Relationship == Madoguchi.Features.Residents.Relationships.Head) && g.Any(r => BundlePlannerAge(r.BirthDate) < 15))
    .Select(g => g.ToList()).OrderBy(_ => random.Next()).Take(perKind).ToList();
var prepareTimes = new List<double>();
var sheetTimes = new List<double>();
var procedures = new List<int>();
var sheetBytes = 0L;
for (var i = 0; i < families.Count + 10; i++)
{
    var family = families[i % families.Count];
    var watch = Stopwatch.StartNew();
    Guid visitId;
    int revision;
    await using (var scope = app.Services.CreateAsyncScope())
    {
        var started = await scope.ServiceProvider.GetRequiredService<Madoguchi.Features.Counter.Visits.CounterVisits>().StartAsync(clerk, family[0].AtenaNumber, CancellationToken.None);
        (visitId, revision) = (started.Value!.Id, started.Value.Revision);
    }

    await using (var scope = app.Services.CreateAsyncScope())
    {
        var people = family.SelectMany(r => new[] { (("employeeInsurance", r.AtenaNumber), false), (("careCertified", r.AtenaNumber), false) }).ToDictionary(a => a.Item1, a => a.Item2);
        var interview = new Madoguchi.Features.Counter.Visits.Interview("tennyu", today, family.Select(r => r.AtenaNumber).ToList(),
            new Dictionary<string, bool> { ["nursery"] = true, ["dog"] = true }, people);
        var interviewed = await scope.ServiceProvider.GetRequiredService<Madoguchi.Features.Counter.Visits.CounterVisits>().InterviewAsync(clerk, visitId, revision, interview, CancellationToken.None);
        if (interviewed.Problem is { } problem)
        {
            throw new InvalidOperationException(problem.Title + " " + string.Join(", ", problem.Fields?.Values ?? []));
        }
    }

    double sheetMs;
    await using (var scope = app.Services.CreateAsyncScope())
    {
        var opened = await scope.ServiceProvider.GetRequiredService<Madoguchi.Features.Counter.Forms.CounterForms>().OpenAsync(clerk, visitId, CancellationToken.None);
        var sheetWatch = Stopwatch.StartNew();
        var pdf = scope.ServiceProvider.GetRequiredService<Madoguchi.Features.Counter.Forms.ConfirmationSheet>().Render(opened.Value!);
        sheetMs = sheetWatch.Elapsed.TotalMilliseconds;
        if (i >= 10)
        {
            procedures.Add(opened.Value!.Sections.Count);
            sheetBytes += pdf.Length;
        }
    }

    watch.Stop();
    if (i >= 10) // the first ten warm up (and their families are served again at the end, as visits of other days)
    {
        prepareTimes.Add(watch.Elapsed.TotalMilliseconds);
        sheetTimes.Add(sheetMs);
    }

    await using (var scope = app.Services.CreateAsyncScope())
    {
        var visits = scope.ServiceProvider.GetRequiredService<Madoguchi.Features.Counter.Visits.CounterVisits>();
        var open = await visits.GetAsync(clerk, visitId, CancellationToken.None);
        await visits.CancelAsync(clerk, visitId, open.Value!.Visit.Revision, CancellationToken.None);
    }
}

prepareTimes.Sort();
sheetTimes.Sort();
double P(List<double> sorted, double q) => sorted[(int)Math.Ceiling(sorted.Count * q) - 1];
Console.WriteLine();
Console.WriteLine($"書かない窓口, 転入 of a family with children: {prepareTimes.Count} families, {procedures.Average():F1} procedures per bundle ({procedures.Min()}–{procedures.Max()}), sheet {sheetBytes / prepareTimes.Count / 1024} KiB on average.");
Console.WriteLine();
Console.WriteLine("| Step | p50 | p95 | p95 ratio to baseline |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| Baseline: 宛名番号 lookup (above) | {results[0].P50:F1} ms | {baseline:F1} ms | 1.00 |");
Console.WriteLine($"| A4 confirmation sheet (PDF) alone | {P(sheetTimes, 0.5):F1} ms | {P(sheetTimes, 0.95):F1} ms | {P(sheetTimes, 0.95) / baseline:F2} |");
Console.WriteLine($"| Start visit + interview (bundle) + forms prefilled + PDF | {P(prepareTimes, 0.5):F1} ms | {P(prepareTimes, 0.95):F1} ms | {P(prepareTimes, 0.95) / baseline:F2} |");
return;

int BundlePlannerAge(DateOnly birth) => Madoguchi.Features.Counter.LifeEvents.BundlePlanner.AgeOn(birth, today);

async Task<ResidentSearchResult> SearchAsync(ResidentQuery query)
{
    await using var scope = app.Services.CreateAsyncScope();
    var result = await scope.ServiceProvider.GetRequiredService<ResidentSearch>().FindAsync(clerk, query, CancellationToken.None);
    return result.Value ?? throw new InvalidOperationException(result.Problem!.Title + " " + string.Join(", ", result.Problem.Fields?.Values ?? []));
}

static string Hiragana(string katakana) => new(katakana.Select(c => c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : c).ToArray());
