using Madoguchi.Features.Notifications.Line;
using Madoguchi.Features.Notifications.News;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Notifications.Campaigns;

/// <summary>
/// Who a campaign reaches, as queries the database answers (counted live, read for the snapshot): the LINE friends in its
/// segment, and — for its e-mail version — the residents who take the city's news by e-mail and match the same segment
/// by their own attributes, except those whose linked LINE is among the friends: nobody gets both.
/// </summary>
public static class Audience
{
    public static IQueryable<LineSubscriber> Line(DbContext db, Segment segment) => segment.Apply(db.Set<LineSubscriber>().AsNoTracking());

    public static IQueryable<NewsSubscription> Email(DbContext db, Segment segment)
    {
        var byLine = Line(db, segment);
        return segment.Match(db.Set<NewsSubscription>().AsNoTracking()).Where(n => !byLine.Any(s => s.AccountUserId == n.UserId));
    }
}
