using System.Security.Cryptography;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Notifications.Reach;

/// <summary>
/// The demo's LINE friends (demo mode only): about 18,000 people following now, with a follow history since April 2019
/// (the plan's baseline, 14,000, reached in FY2021; seasonal peaks in the snow months and at 立佞武多 in August) and
/// blocks along the way; six in ten registered with 地区 (by the three areas' populations), half of those with their
/// 町字, 年代 (older than the country, as Goshogawara is) and one to three interests. Their LINE ids are made up:
/// messages to them are accepted by the local LINE server and go nowhere.
/// </summary>
public sealed class DemoLineFriends(MadoguchiDbContext db, Residents.Places.CityPlaces places, TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Set<LineSubscriber>().AnyAsync(cancellationToken))
        {
            return;
        }

        var random = new Random(22055);
        var now = clock.GetUtcNow().UtcDateTime;
        var start = new DateTime(2019, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        var months = ((now.Year - start.Year) * 12) + now.Month - start.Month + 1;
        string[] areas = ["goshogawara", "kanagi", "shiura"];
        double[] areaWeights = [0.78, 0.18, 0.04];
        string[] ages = ["10s", "20s", "30s", "40s", "50s", "60s", "70s", "80plus"];
        double[] ageWeights = [0.02, 0.08, 0.14, 0.18, 0.18, 0.18, 0.15, 0.07];
        string[] interests = ["kosodate", "bousai", "kenkou", "fukushi", "event", "gomi", "kankou"];
        double[] interestWeights = [0.16, 0.2, 0.14, 0.1, 0.16, 0.14, 0.1];
        var townsByArea = places.Towns.GroupBy(Settings.SegmentAttributes.AreaOf).ToDictionary(g => g.Key, g => g.ToList());
        var subscribers = new List<LineSubscriber>();
        var changes = new List<LineFollowChange>();
        for (var m = 0; m < months; m++)
        {
            var monthStart = start.AddMonths(m);
            // About 400 new friends a month before the plan and about 60 after, more in winter (雪, 防災) and in August (立佞武多).
            var follows = (monthStart < new DateTime(2022, 4, 1) ? 400 : 60) + (monthStart.Month is 12 or 1 or 2 ? 80 : 0) + (monthStart.Month == 8 ? 120 : 0) + random.Next(-30, 30);
            for (var i = 0; i < follows; i++)
            {
                var at = monthStart.AddMinutes(random.Next((int)(monthStart.AddMonths(1) - monthStart).TotalMinutes));
                if (at > now)
                {
                    continue;
                }

                var registered = random.NextDouble() < 0.6;
                var subscriber = new LineSubscriber
                {
                    Id = Guid.CreateVersion7(new DateTimeOffset(at)), LineUserId = "U" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Following = true,
                    FirstFollowedAt = at, StateAt = at,
                    Area = registered ? Pick(random, areas, areaWeights) : null, AgeBand = registered ? Pick(random, ages, ageWeights) : null,
                    Interests = registered ? string.Join(' ', PickSome(random, interests, interestWeights)) : null,
                    ConsentVersion = registered ? 1 : null, ConsentedAt = registered ? at : null,
                };
                if (subscriber.Area is { } area && random.NextDouble() < 0.5)
                {
                    var towns = townsByArea[area];
                    subscriber.Town = towns[random.Next(towns.Count)].Name; // half of them also give their 町字
                }

                subscribers.Add(subscriber);
                changes.Add(new LineFollowChange { SubscriberId = subscriber.Id, At = at, Following = true });
                if (random.NextDouble() < 0.12)
                {
                    // A block some weeks later (as long as it is in the past).
                    var blockedAt = at.AddDays(random.Next(1, 400));
                    if (blockedAt < now)
                    {
                        subscriber.Following = false;
                        subscriber.UnfollowedAt = blockedAt;
                        subscriber.StateAt = blockedAt;
                        changes.Add(new LineFollowChange { SubscriberId = subscriber.Id, At = blockedAt, Following = false });
                    }
                }
            }
        }

        foreach (var chunk in subscribers.Chunk(2000))
        {
            db.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        foreach (var chunk in changes.OrderBy(c => c.At).Chunk(4000))
        {
            db.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private static string Pick(Random random, string[] keys, double[] weights)
    {
        var roll = random.NextDouble() * weights.Sum();
        for (var i = 0; i < keys.Length; i++)
        {
            roll -= weights[i];
            if (roll <= 0)
            {
                return keys[i];
            }
        }

        return keys[^1];
    }

    /// <summary>One to three different keys, in the catalog's order.</summary>
    private static IEnumerable<string> PickSome(Random random, string[] keys, double[] weights)
    {
        var chosen = new HashSet<string>();
        var count = random.Next(1, 4);
        while (chosen.Count < count)
        {
            chosen.Add(Pick(random, keys, weights));
        }

        return keys.Where(chosen.Contains);
    }
}
