using System.Linq.Expressions;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Features.Notifications.Settings;

namespace Madoguchi.Features.Notifications.Campaigns;

/// <summary>
/// Who a campaign goes to: friends who follow the account now and match every dimension chosen — any of the 地区, any
/// of the 年代, any of the 関心分野. A dimension left empty does not narrow; nothing chosen is every friend, registered or
/// not. Attributes exist only with consent, so a narrowed segment holds only friends who agreed to be chosen by them.
/// </summary>
public sealed record Segment(IReadOnlyList<string> Areas, IReadOnlyList<string> AgeBands, IReadOnlyList<string> Interests)
{
    public static readonly Segment Everyone = new([], [], []);

    /// <summary>町字 (names as in catalog/places/towns.json): any of them, when given.</summary>
    public IReadOnlyList<string> Towns { get; init; } = [];

    public bool IsEveryone => Areas.Count == 0 && AgeBands.Count == 0 && Interests.Count == 0 && Towns.Count == 0;

    public static Segment Of(string? areas, string? ageBands, string? interests, string? towns = null) =>
        new(Split(areas), Split(ageBands), Split(interests)) { Towns = Split(towns) };

    /// <summary>The segment's keys in the catalog's order, unknown keys dropped (the caller validated them).</summary>
    public Segment Ordered() => new(
        SegmentAttributes.Areas.Where(Areas.Contains).ToList(),
        SegmentAttributes.AgeBands.Where(AgeBands.Contains).ToList(),
        SegmentAttributes.Interests.Where(Interests.Contains).ToList()) { Towns = Towns.Distinct().ToList() };

    public static string? Join(IReadOnlyList<string> keys) => keys.Count == 0 ? null : string.Join(' ', keys);

    /// <summary>The friends in the segment, as a query the database answers (counted, or read in order for the snapshot).</summary>
    public IQueryable<LineSubscriber> Apply(IQueryable<LineSubscriber> subscribers)
    {
        var query = subscribers.Where(s => s.Following);
        if (Areas.Count > 0)
        {
            var areas = Areas.ToList();
            query = query.Where(s => s.Area != null && areas.Contains(s.Area));
        }

        if (Towns.Count > 0)
        {
            var towns = Towns.ToList();
            query = query.Where(s => s.Town != null && towns.Contains(s.Town));
        }

        if (AgeBands.Count > 0)
        {
            var ages = AgeBands.ToList();
            query = query.Where(s => s.AgeBand != null && ages.Contains(s.AgeBand));
        }

        if (Interests.Count > 0)
        {
            // Interests are kept space-separated: " a b " contains " k " for a chosen k. One OR over the chosen keys.
            var subscriber = Expression.Parameter(typeof(LineSubscriber), "s");
            var padded = Expression.Call(
                typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string), typeof(string)])!,
                Expression.Constant(" "), Expression.Property(subscriber, nameof(LineSubscriber.Interests)), Expression.Constant(" "));
            var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
            var any = Interests.Select(k => (Expression)Expression.Call(padded, contains, Expression.Constant($" {k} "))).Aggregate(Expression.OrElse);
            var notNull = Expression.NotEqual(Expression.Property(subscriber, nameof(LineSubscriber.Interests)), Expression.Constant(null, typeof(string)));
            query = query.Where(Expression.Lambda<Func<LineSubscriber, bool>>(Expression.AndAlso(notNull, any), subscriber));
        }

        return query;
    }

    private static IReadOnlyList<string> Split(string? keys) => (keys ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
