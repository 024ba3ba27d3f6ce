using System.Globalization;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Settings;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Time;
using Madoguchi.Platform.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Campaigns.Pages;

/// <summary>
/// One campaign: written and saved as a draft, its segment counted live, previewed as LINE shows it, then asked to be
/// sent (scheduled, or waiting for a second person's approval above the configured size); approved or sent back;
/// taken back, cancelled, resumed after a stop; and its progress while it is sent. Without an id: a new one (with
/// <c>?emergency=true</c>, the emergency broadcast to every friend).
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class CampaignModel(Campaigns campaigns, Residents.Places.CityPlaces places, IStringLocalizer<Resources.Messages> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Emergency { get; set; }

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? LinkUrl { get; set; }

    [BindProperty]
    public string? ImageUrl { get; set; }

    [BindProperty]
    public string? EmailSubject { get; set; }

    [BindProperty]
    public string? EmailBody { get; set; }

    [BindProperty]
    public List<string> Areas { get; set; } = [];

    [BindProperty]
    public List<string> AgeBands { get; set; } = [];

    [BindProperty]
    public List<string> Interests { get; set; } = [];

    /// <summary>町字, one a line (or separated by 、 or commas), as staff type them.</summary>
    [BindProperty]
    public string? TownsText { get; set; }

    [BindProperty]
    public DateInput ScheduleDate { get; set; } = new() { Era = Era.Reiwa };

    [BindProperty]
    public string? ScheduleTime { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Confirms an emergency broadcast goes to every friend now.</summary>
    [BindProperty]
    public bool ConfirmEveryone { get; set; }

    public LineCampaign? Campaign { get; private set; }

    public CampaignProgress? Progress { get; private set; }

    /// <summary>The segment's size now: of the saved campaign, or of what was typed when counted.</summary>
    public AudienceCount? Count { get; private set; }

    public bool Counted { get; private set; }

    public string? Done { get; private set; }

    public int ApprovalAbove => campaigns.ApprovalAbove;

    public bool Editable => Campaign is null || Campaign.Status == CampaignStatus.Draft;

    public bool MayCompose => Campaigns.MayCompose(User);

    public bool MayDecide => Campaign is { Status: CampaignStatus.AwaitingApproval } c && Campaigns.MayApprove(User) && c.SubmittedBy != User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    public IReadOnlyList<SelectListItem> AreaChoices => Choices(SegmentAttributes.Areas, "Line.Area", Areas);

    public IReadOnlyList<SelectListItem> AgeChoices => Choices(SegmentAttributes.AgeBands, "Line.Age", AgeBands);

    public IReadOnlyList<SelectListItem> InterestChoices => Choices(SegmentAttributes.Interests, "Line.Interest", Interests);

    public string PageTitle => Campaign is { } c ? t["Line.Campaign.PageTitle", c.Title] : Emergency ? t["Line.Campaign.NewEmergencyTitle"] : t["Line.Campaign.NewTitle"];

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!Campaigns.MayRead(User))
        {
            return Forbid();
        }

        if (Id is { } id)
        {
            var found = await campaigns.FindAsync(User, id, cancellationToken);
            if (found.Problem is { } problem)
            {
                return this.Elsewhere(problem) ?? NotFound();
            }

            Show(found.Value!);
            Count = await campaigns.CountAsync(found.Value!.Segment, cancellationToken);
            Progress = found.Value.Recipients is null ? null : await campaigns.ProgressAsync(id, cancellationToken);
        }
        else if (!MayCompose)
        {
            return Forbid();
        }

        Done = done is "saved" or "submitted" or "approved" or "returned" or "withdrawn" or "cancelled" or "resumed" ? t[$"Line.Campaign.Done.{done}"].Value : null;
        return Page();
    }

    /// <summary>下書きを保存.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var saved = await SaveAsync(cancellationToken);
        return saved.Problem is { } problem ? await ShowAgainAsync(problem, cancellationToken) : Redirect($"/staff/line/campaigns/{saved.Value!.Id}?done=saved");
    }

    /// <summary>対象の人数を数える: the count for what was typed; nothing is saved, everything typed is shown again.</summary>
    public async Task<IActionResult> OnPostCountAsync(CancellationToken cancellationToken)
    {
        if (!Campaigns.MayRead(User))
        {
            return Forbid();
        }

        await LoadAsync(cancellationToken);
        var towns = TownEntries().Select(typed => SegmentAttributes.TownOf(places, typed)).ToList();
        if (towns.Any(town => town is null))
        {
            ModelState.AddModelError(nameof(TownsText), t["Line.Campaign.Error.UnknownTowns", string.Join("、", TownEntries().Where(typed => SegmentAttributes.TownOf(places, typed) is null).Take(5))]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Count = await campaigns.CountAsync((new Segment(Areas, AgeBands, Interests) { Towns = towns.Select(town => town!.Name).ToList() }).Ordered(), cancellationToken);
        Counted = true;
        return Page();
    }

    /// <summary>保存して配信を依頼する: saved first, then asked to be sent (scheduled, or waiting for approval).</summary>
    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken); // a saved campaign says itself whether it is an emergency
        if (Emergency && !ConfirmEveryone)
        {
            ModelState.AddModelError(nameof(ConfirmEveryone), t["Line.Campaign.Error.ConfirmEveryone"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var saved = await SaveAsync(cancellationToken);
        if (saved.Problem is { } problem)
        {
            return await ShowAgainAsync(problem, cancellationToken);
        }

        var submitted = await campaigns.SubmitAsync(User, saved.Value!.Id, saved.Value.Revision, cancellationToken);
        if (submitted.Problem is { } refused)
        {
            Id = saved.Value.Id;
            Revision = saved.Value.Revision; // saved: the next save starts from this revision
            return await ShowAgainAsync(refused, cancellationToken);
        }

        return Redirect($"/staff/line/campaigns/{saved.Value.Id}?done=submitted");
    }

    public Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) =>
        ActAsync("approved", () => campaigns.ApproveAsync(User, Id ?? Guid.Empty, Revision, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReturnAsync(CancellationToken cancellationToken) =>
        ActAsync("returned", () => campaigns.ReturnAsync(User, Id ?? Guid.Empty, Revision, Reason, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellationToken) =>
        ActAsync("withdrawn", () => campaigns.WithdrawAsync(User, Id ?? Guid.Empty, Revision, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken) =>
        ActAsync("cancelled", () => campaigns.CancelAsync(User, Id ?? Guid.Empty, Revision, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken) =>
        ActAsync("resumed", () => campaigns.ResumeAsync(User, Id ?? Guid.Empty, Revision, cancellationToken), cancellationToken);

    private async Task<IActionResult> ActAsync(string done, Func<Task<Result<LineCampaign>>> act, CancellationToken cancellationToken)
    {
        var acted = await act();
        if (acted.Problem is { } problem)
        {
            if (this.Elsewhere(problem) is { } elsewhere)
            {
                return elsewhere;
            }

            var reason = Reason;
            var found = await campaigns.FindAsync(User, Id ?? Guid.Empty, cancellationToken);
            if (found.Value is { } campaign)
            {
                Show(campaign);
                Count = await campaigns.CountAsync(campaign.Segment, cancellationToken);
                Progress = campaign.Recipients is null ? null : await campaigns.ProgressAsync(campaign.Id, cancellationToken);
            }

            Reason = reason;
            Response.StatusCode = this.Report(problem, field => field == "reason" ? nameof(Reason) : string.Empty);
            return Page();
        }

        return Redirect($"/staff/line/campaigns/{acted.Value!.Id}?done={done}");
    }

    private async Task<Result<LineCampaign>> SaveAsync(CancellationToken cancellationToken)
    {
        if (!MayCompose)
        {
            return new Problem(ProblemKind.Forbidden, t["Line.Campaign.Forbidden"]);
        }

        var emergency = Emergency;
        if (Id is { } id && (await campaigns.FindAsync(User, id, cancellationToken)).Value is { } existing)
        {
            emergency = existing.Emergency;
        }

        if (ReadSchedule() is not { } schedule)
        {
            return Problem.Invalid(t["Line.Campaign.Error.Summary"], new Dictionary<string, string>());
        }

        var draft = new CampaignDraft(Title, Text, LinkUrl, ImageUrl, Areas, AgeBands, Interests, schedule.At)
        {
            Towns = TownEntries(), EmailSubject = EmailSubject, EmailBody = EmailBody,
        };
        return await campaigns.SaveAsync(User, Id, Id is null ? null : Revision, draft, emergency, cancellationToken);
    }

    /// <summary>The date and time typed, in Japan time, as UTC (null when both are empty); null with field errors when unreadable.</summary>
    private (DateTime? At, bool Ok)? ReadSchedule()
    {
        var time = JapaneseText.Normalise(ScheduleTime ?? string.Empty).Trim();
        if (ScheduleDate.IsEmpty && time.Length == 0)
        {
            return (null, true);
        }

        var dateError = ScheduleDate.TryGetDate(out var date);
        if (dateError != JapaneseDate.DateError.None)
        {
            ModelState.AddModelError(nameof(ScheduleDate), t["Line.Campaign.Error.Date"]);
        }

        if (!TimeOnly.TryParseExact(time, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            ModelState.AddModelError(nameof(ScheduleTime), t["Line.Campaign.Error.Time"]);
        }

        if (!ModelState.IsValid)
        {
            return null;
        }

        return (TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(at), JapanTime.Zone), true);
    }

    private async Task<IActionResult> ShowAgainAsync(Problem problem, CancellationToken cancellationToken)
    {
        if (this.Elsewhere(problem) is { } elsewhere)
        {
            return elsewhere;
        }

        await LoadAsync(cancellationToken);
        Response.StatusCode = problem.Fields is { Count: 0 } ? StatusCodes.Status400BadRequest : this.Report(problem, field => field switch
        {
            "title" => nameof(Title), "text" => nameof(Text), "linkUrl" => nameof(LinkUrl), "imageUrl" => nameof(ImageUrl), "areas" => nameof(Areas),
            "emailSubject" => nameof(EmailSubject), "emailBody" => nameof(EmailBody),
            "ageBands" => nameof(AgeBands), "interests" => nameof(Interests), "towns" => nameof(TownsText), "scheduledAt" => nameof(ScheduleDate), _ => string.Empty,
        });
        return Page();
    }

    /// <summary>The saved campaign, for its status and actions, keeping what was typed on the page.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Id is { } id && (await campaigns.FindAsync(User, id, cancellationToken)).Value is { } campaign)
        {
            Campaign = campaign;
            Emergency = campaign.Emergency;
        }
    }

    private void Show(LineCampaign campaign)
    {
        Campaign = campaign;
        Emergency = campaign.Emergency;
        Revision = campaign.Revision;
        Title = campaign.Title;
        Text = campaign.Text;
        LinkUrl = campaign.LinkUrl;
        ImageUrl = campaign.ImageUrl;
        EmailSubject = campaign.EmailSubject;
        EmailBody = campaign.EmailBody;
        var segment = campaign.Segment;
        Areas = [.. segment.Areas];
        AgeBands = [.. segment.AgeBands];
        Interests = [.. segment.Interests];
        TownsText = string.Join("\n", segment.Towns);
        if (campaign.ScheduledAt is { } at)
        {
            var local = JapanTime.ToLocal(at);
            ScheduleDate = DateInput.From(DateOnly.FromDateTime(local), Era.Reiwa);
            ScheduleTime = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The 町字 typed: one a line, or separated by 、 or commas; blanks dropped.</summary>
    private IReadOnlyList<string> TownEntries() =>
        (TownsText ?? string.Empty).Split(['\n', '\r', '、', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(Campaigns.MaximumTowns + 1).ToList();

    private IReadOnlyList<SelectListItem> Choices(IReadOnlyList<string> keys, string prefix, List<string> chosen) =>
        keys.Select(k => new SelectListItem(t[$"{prefix}.{k}"], k, chosen.Contains(k))).ToList();
}
