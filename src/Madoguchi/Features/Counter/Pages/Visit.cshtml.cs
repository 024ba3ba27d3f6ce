using Madoguchi.Features.Counter.LifeEvents;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Madoguchi.Features.Counter.Pages;

/// <summary>
/// A visit to 書かない窓口: the clerk chooses what happened, when, and whom it concerns, asks the event's questions,
/// and sees the bundle of procedures it brings, each with its reason. Works without script: choosing the event shows
/// its questions on the next page.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class VisitModel(
    CounterVisits visits, LifeEventCatalog lifeEvents, Procedures.Catalog.ProcedureCatalog procedures, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t) : PageModel
{
    private IReadOnlyDictionary<string, string> names = new Dictionary<string, string>();

    /// <summary>A procedure's name as residents see it in the catalog.</summary>
    public string ProcedureName(string id) => names.GetValueOrDefault(id, id);

    public VisitView View { get; private set; } = null!;

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? LifeEventId { get; set; }

    [BindProperty]
    public DateInput EventDate { get; set; } = new();

    [BindProperty]
    public List<string> Subjects { get; set; } = [];

    /// <summary>はい/いいえ per question ("dog") or per question and person ("employeeInsurance.0010000017").</summary>
    [BindProperty]
    public Dictionary<string, string> Answers { get; set; } = [];

    public IReadOnlyList<SelectListItem> LifeEventOptions =>
        lifeEvents.All.Select(e => new SelectListItem($"{e.Name}：{e.Summary}", e.Id)).ToList();

    public IReadOnlyList<SelectListItem> MemberOptions =>
        View.Household.Select(m => new SelectListItem($"{m.FullName}（{m.Relationship}・{JapaneseDate.FormatWithWestern(m.BirthDate)}）", m.Key)).ToList();

    public static IReadOnlyList<SelectListItem> YesNo { get; } = [new("はい", "yes"), new("いいえ", "no")];

    /// <summary>The event whose questions the page asks: the one just chosen, or the visit's.</summary>
    public LifeEvent? Asking => lifeEvents.Find(LifeEventId) ?? View.LifeEvent;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await visits.GetAsync(User, id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        Show(found.Value!, fromVisit: true);
        await LoadNamesAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken) => SaveAsync(id, choosing: false, cancellationToken);

    /// <summary>The event, date and people chosen: the page then asks the event's questions.</summary>
    public Task<IActionResult> OnPostChooseAsync(Guid id, CancellationToken cancellationToken) => SaveAsync(id, choosing: true, cancellationToken);

    /// <summary>Ends the visit without going on; the household can be served afresh.</summary>
    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var cancelled = await visits.CancelAsync(User, id, Revision, cancellationToken);
        if (cancelled.Problem is { } problem)
        {
            if (this.Elsewhere(problem) is { } elsewhere)
            {
                return elsewhere;
            }

            View = (await visits.GetAsync(User, id, cancellationToken)).Value!;
            await LoadNamesAsync(cancellationToken);
            Show(View, fromVisit: true);
            return this.Show(problem, _ => string.Empty);
        }

        return Redirect(cancelled.Value!.VisitorAtena is { } atena ? $"/staff/residents/{atena}?done=visit-cancelled" : "/staff/counter/arrivals?done=visit-cancelled");
    }

    private async Task<IActionResult> SaveAsync(Guid id, bool choosing, CancellationToken cancellationToken)
    {
        DateOnly? eventDate = EventDate.IsEmpty ? null : EventDate.TryGetDate(out var parsed) == JapaneseDate.DateError.None ? parsed : null;
        var household = new Dictionary<string, bool>(StringComparer.Ordinal);
        var people = new Dictionary<(string, string), bool>();
        foreach (var (key, value) in Answers)
        {
            if (value is not ("yes" or "no"))
            {
                continue;
            }

            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                household[key] = value == "yes";
            }
            else
            {
                people[(key[..dot], key[(dot + 1)..])] = value == "yes";
            }
        }

        var result = await visits.InterviewAsync(User, id, Revision, new Interview(LifeEventId, eventDate, Subjects, household, people), cancellationToken, choosing);
        if (result.Problem is { } problem)
        {
            if (this.Elsewhere(problem) is { } elsewhere)
            {
                return elsewhere;
            }

            var current = await visits.GetAsync(User, id, cancellationToken);
            View = current.Value!;
            await LoadNamesAsync(cancellationToken);
            Revision = problem.Extensions?.GetValueOrDefault("revision") is int revision ? revision : View.Visit.Revision;
            ModelState.Remove(nameof(Revision));
            if (!EventDate.IsEmpty && eventDate is null)
            {
                ModelState.AddModelError("EventDate", t["Counter.Error.EventDateUnreadable"]);
            }

            return this.Show(problem, field => field switch
            {
                Interview.LifeEventField => nameof(LifeEventId),
                Interview.EventDateField => nameof(EventDate),
                Interview.SubjectsField => nameof(Subjects),
                _ when field.StartsWith("answers.", StringComparison.Ordinal) => $"Answers[{field["answers.".Length..]}]",
                _ => string.Empty,
            });
        }

        return Redirect(choosing ? $"/staff/counter/visits/{id}#questions" : $"/staff/counter/visits/{id}#bundle");
    }

    private async Task LoadNamesAsync(CancellationToken cancellationToken) =>
        names = (await procedures.AllAsync(cancellationToken)).ToDictionary(p => p.Definition.Id, p => p.Definition.Name, StringComparer.Ordinal);

    private void Show(VisitView view, bool fromVisit)
    {
        View = view;
        Revision = view.Visit.Revision;
        if (!fromVisit)
        {
            return;
        }

        LifeEventId = view.Visit.LifeEventId;
        EventDate = view.Visit.EventDate is { } on ? DateInput.From(on, Era.Reiwa) : new DateInput { Era = Era.Reiwa };
        Subjects = view.Visit.SubjectList().ToList();
        var stored = view.Visit.AnswerSet();
        Answers = stored.Household.ToDictionary(a => a.Key, a => a.Value ? "yes" : "no");
        foreach (var (atena, own) in stored.People)
        {
            foreach (var (question, value) in own)
            {
                Answers[$"{question}.{atena}"] = value ? "yes" : "no";
            }
        }
    }
}
