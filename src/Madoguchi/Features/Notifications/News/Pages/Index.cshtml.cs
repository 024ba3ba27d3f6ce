using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Settings;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.News.Pages;

/// <summary>市からのお知らせをメールで受け取る (a resident's own): 地区, 町字, 年代, 関心分野 and consent; start, change, stop.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class IndexModel(NewsSubscriptions news, Messages.NotificationPreferences preferences, Residents.Places.CityPlaces places, IStringLocalizer<Resources.Messages> t)
    : PageModel
{
    [BindProperty]
    public string? Area { get; set; }

    [BindProperty]
    public string? Town { get; set; }

    [BindProperty]
    public string? AgeBand { get; set; }

    [BindProperty]
    public List<string> Interests { get; set; } = [];

    [BindProperty]
    public bool Consent { get; set; }

    public bool Subscribed { get; private set; }

    /// <summary>The account's address, where the news goes.</summary>
    public string? Address { get; private set; }

    /// <summary>A following LINE is linked: what reaches it by LINE does not come by e-mail too.</summary>
    public bool LineLinked { get; private set; }

    public string? Done { get; private set; }

    public IReadOnlyList<SelectListItem> Areas => SegmentChoices.Areas(t);

    public IReadOnlyList<SelectListItem> Towns => SegmentChoices.Towns(t, places);

    public IReadOnlyList<SelectListItem> AgeBands => SegmentChoices.AgeBands(t);

    public IReadOnlyList<SelectListItem> InterestChoices => SegmentChoices.Interests(t);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task OnGetAsync(bool saved, bool stopped, CancellationToken cancellationToken)
    {
        var subscription = await LoadAsync(cancellationToken);
        if (subscription is not null)
        {
            Area = subscription.Area;
            Town = subscription.Town;
            AgeBand = subscription.AgeBand;
            Interests = [.. subscription.InterestList];
            Consent = true;
        }

        Done = saved ? t["News.Saved"].Value : stopped ? t["News.Stopped"].Value : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var saved = await news.SaveAsync(UserId, new SettingsRequest(Blank(Area), Blank(AgeBand), Interests, Consent) { Town = Blank(Town) }, cancellationToken);
        if (saved.Problem is { } problem)
        {
            await LoadAsync(cancellationToken);
            return this.Show(problem, field => field switch
            {
                "area" => nameof(Area), "town" => nameof(Town), "ageBand" => nameof(AgeBand), "interests" => nameof(Interests), "consent" => nameof(Consent), _ => string.Empty,
            });
        }

        return Redirect("/account/notifications/news?saved=true");
    }

    public async Task<IActionResult> OnPostStopAsync(CancellationToken cancellationToken)
    {
        await news.StopAsync(UserId, cancellationToken);
        return Redirect("/account/notifications/news?stopped=true");
    }

    private async Task<NewsSubscription?> LoadAsync(CancellationToken cancellationToken)
    {
        var subscription = await news.FindAsync(UserId, cancellationToken);
        Subscribed = subscription is not null;
        Address = User.FindFirstValue(ClaimTypes.Email);
        LineLinked = await preferences.LineLinkedAsync(UserId, cancellationToken);
        return subscription;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
