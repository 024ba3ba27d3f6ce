using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Platform.Time;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Home;

/// <summary>The front door: search first, then the tasks residents come for most, life events, 分類 and notices.</summary>
[AllowAnonymous]
public sealed class IndexModel(ProcedureCatalog catalog, FrontDoor frontDoor, CityOffice.CityInformation city, TimeProvider clock, IStringLocalizer<Messages> t) : PageModel
{
    public IReadOnlyList<PublishedProcedure> TopTasks { get; private set; } = [];

    public IReadOnlyList<FrontDoorLifeEvent> LifeEvents => frontDoor.LifeEvents;

    public IReadOnlyList<string> Categories => CatalogVocabulary.Categories;

    public IReadOnlyList<FrontDoorNotice> Notices { get; private set; } = [];

    /// <summary>The city's own closed periods in the coming two months (年末年始, 臨時閉庁), for the contacts.</summary>
    public IReadOnlyList<string> UpcomingClosedDays { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var published = (await catalog.AllAsync(cancellationToken)).ToDictionary(p => p.Definition.Id, StringComparer.Ordinal);
        TopTasks = frontDoor.TopTasks.Select(id => published.GetValueOrDefault(id)).OfType<PublishedProcedure>().ToList();
        Notices = frontDoor.NoticesOn(JapanTime.Today(clock));
        UpcomingClosedDays = CityOffice.ClosedPeriods.Upcoming(city.Current.ClosedDays, JapanTime.Today(clock), 60, t);
    }
}
