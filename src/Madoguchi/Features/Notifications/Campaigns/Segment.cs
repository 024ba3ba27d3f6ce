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
    public IQueryable<LineSubscriber> Apply(IQueryable<LineSubscriber> subscribers) => Match(subscribers.Where(s => s.Following));

    /// <summary>
    /// Those of <paramref name="people"/> whose attributes match: LINE friends, or residents who take the city's news by
    /// e-mail. <typeparamref name="T"/> has the string properties Area, Town, AgeBand and Interests (space-separated);
    /// the conditions are built on its own properties so that the database answers them.
    /// </summary>
    public IQueryable<T> Match<T>(IQueryable<T> people)
    {
        var query = people;
        if (Areas.Count > 0)
        {
            query = query.Where(OneOf<T>("Area", Areas));
        }

        if (Towns.Count > 0)
        {
            query = query.Where(OneOf<T>("Town", Towns));
        }

        if (AgeBands.Count > 0)
        {
            query = query.Where(OneOf<T>("AgeBand", AgeBands));
        }

        if (Interests.Count > 0)
        {
            // Interests are kept space-separated: " a b " contains " k " for a chosen k. One OR over the chosen keys.
            var person = Expression.Parameter(typeof(T), "p");
            var interests = Expression.Property(person, "Interests");
            var padded = Expression.Call(
                typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string), typeof(string)])!, Expression.Constant(" "), interests, Expression.Constant(" "));
            var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
            var any = Interests.Select(k => (Expression)Expression.Call(padded, contains, Expression.Constant($" {k} "))).Aggregate(Expression.OrElse);
            var notNull = Expression.NotEqual(interests, Expression.Constant(null, typeof(string)));
            query = query.Where(Expression.Lambda<Func<T, bool>>(Expression.AndAlso(notNull, any), person));
        }

        return query;
    }

    /// <summary><c>p => p.{property} != null &amp;&amp; keys.Contains(p.{property})</c>.</summary>
    private static Expression<Func<T, bool>> OneOf<T>(string property, IReadOnlyList<string> keys)
    {
        var person = Expression.Parameter(typeof(T), "p");
        var value = Expression.Property(person, property);
        var list = keys.ToList();
        var contains = Expression.Call(Expression.Constant(list), typeof(List<string>).GetMethod(nameof(List<string>.Contains))!, value);
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(Expression.NotEqual(value, Expression.Constant(null, typeof(string))), contains), person);
    }

    private static IReadOnlyList<string> Split(string? keys) => (keys ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
