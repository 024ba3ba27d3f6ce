using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Settings.Pages;

/// <summary>
/// 受信設定 (a LINE friend's settings, opened from the account's one-time link): 地区, 年代, 関心分野 and consent; save or
/// delete. An expired or foreign link says so and how to get a new one (send the account any message).
/// </summary>
public sealed class IndexModel(SubscriberSettings settings, Residents.Places.CityPlaces places, IStringLocalizer<Resources.Messages> t) : PageModel
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

    public bool Expired { get; private set; }

    public bool Registered { get; private set; }

    /// <summary>Linked to a まどぐち account (アカウント連携).</summary>
    public bool Linked { get; private set; }

    public bool Saved { get; private set; }

    public bool Deleted { get; private set; }

    public IReadOnlyList<SelectListItem> Areas => SegmentChoices.Areas(t);

    public IReadOnlyList<SelectListItem> Towns => SegmentChoices.Towns(t, places);

    public IReadOnlyList<SelectListItem> AgeBands => SegmentChoices.AgeBands(t);

    public IReadOnlyList<SelectListItem> InterestChoices => SegmentChoices.Interests(t);

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        SubscriberSettings.KeepLinkPrivate(Response);
        var opened = await settings.OpenAsync(token, cancellationToken);
        if (opened.Problem is not null)
        {
            return ExpiredPage();
        }

        Show(opened.Value!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        SubscriberSettings.KeepLinkPrivate(Response);
        var saved = await settings.SaveAsync(token, new SettingsRequest(Blank(Area), Blank(AgeBand), Interests, Consent) { Town = Blank(Town) }, cancellationToken);
        if (saved.Problem is { Kind: ProblemKind.Conflict } && (await settings.OpenAsync(token, cancellationToken)).Problem is not null)
        {
            return ExpiredPage();
        }

        if (saved.Problem is { } problem)
        {
            return this.Show(problem, field => field switch
            {
                "area" => nameof(Area), "town" => nameof(Town), "ageBand" => nameof(AgeBand), "interests" => nameof(Interests), "consent" => nameof(Consent), _ => string.Empty,
            });
        }

        Show(saved.Value!);
        Saved = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string token, CancellationToken cancellationToken)
    {
        SubscriberSettings.KeepLinkPrivate(Response);
        var deleted = await settings.DeleteAsync(token, cancellationToken);
        if (deleted.Problem is not null)
        {
            return ExpiredPage();
        }

        Show(deleted.Value!);
        Deleted = true;
        return Page();
    }

    private IActionResult ExpiredPage()
    {
        Expired = true;
        Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }

    private void Show(LineSubscriber subscriber)
    {
        Area = subscriber.Area;
        Town = subscriber.Town;
        AgeBand = subscriber.AgeBand;
        Interests = [.. subscriber.InterestList];
        Consent = subscriber.ConsentVersion is not null;
        Registered = subscriber.ConsentVersion is not null;
        Linked = subscriber.AccountUserId is not null;
        ModelState.Clear();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
