using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Casework.Applying;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;

namespace Madoguchi.Features.Counter.Forms;

/// <summary>How the visit's answers came to be, for the screen and the KPIs.</summary>
public sealed record FormCounts(int Prefilled, int Interviewed, int PaperForms);

/// <summary>
/// A prepared visit's forms: the bundle's procedures (those without a form here too), the combined form, the answers
/// (stored, or filled from the register for a procedure not yet opened), what the register gave, and the counts.
/// </summary>
public sealed record VisitForms(VisitView View, IReadOnlyList<VisitSection> Sections, FormDefinition Form, JsonObject Answers, JsonObject Prefilled)
{
    public FormCounts Counts
    {
        get
        {
            var (prefilled, interviewed) = (0, 0);
            foreach (var section in Sections)
            {
                if (section.Form is { } form && Answers[section.Key] is JsonObject answers && Prefilled[section.Key] is JsonObject given)
                {
                    var (p, i) = VisitForm.Count(form, answers, given);
                    prefilled += p;
                    interviewed += i;
                }
            }

            return new FormCounts(prefilled, interviewed, Sections.Count(s => s.Form is null));
        }
    }
}

/// <summary>
/// 書かない窓口's forms: every procedure of the bundle on one screen, each question bound to the register already
/// answered; the clerk completes the rest by interview (saved on every post, valid or not, so nothing typed is lost);
/// the resident checks one confirmation sheet and signs it; completing makes one counter application per procedure
/// through the one apply operation, in one transaction with the visit's end and its counts.
/// </summary>
public sealed class CounterForms(
    MadoguchiDbContext db,
    CounterVisits visits,
    ProcedureCatalog catalog,
    FormValidator validator,
    FileAnswers files,
    PostalCodes postalCodes,
    ApplyOperation apply,
    Casework.Reservations reservations,
    AuditTrail audit,
    TimeProvider clock,
    IStringLocalizer<Resources.Messages> t)
{
    /// <summary>The forms of a prepared (or completed) visit; nothing is written.</summary>
    public async Task<Result<VisitForms>> OpenAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        var found = await visits.GetAsync(user, id, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem;
        }

        return await FormsOfAsync(found.Value!, cancellationToken);
    }

    /// <summary>
    /// Takes what the screen posted: binds it (each widget normalising what was typed), stores uploaded files, and saves
    /// the answers whatever their state; problems are returned by answer path, with the new revision. An action may ask
    /// for one more item of a repeated group (<c>add:path</c>) or for the address of a postal code (<c>postal:path</c>).
    /// </summary>
    public async Task<Result<VisitForms>> SaveAsync(
        ClaimsPrincipal user, Guid id, int revision, IReadOnlyDictionary<string, StringValues> posted, IFormFileCollection uploads, string? action, CancellationToken cancellationToken)
    {
        var loaded = await visits.LoadForChangeAsync(user, id, revision, cancellationToken);
        if (loaded.Problem is { } refused)
        {
            return refused;
        }

        var visit = loaded.Value!;
        if (await PreparedFormsAsync(visit, cancellationToken) is not { } forms)
        {
            return new Problem(ProblemKind.Conflict, t["Counter.Forms.NotPrepared"]);
        }

        // Files first (stored content-addressed, outside the transaction); then the answers, the same way as any form.
        var step = VisitForm.AllQuestions(forms.Form);
        var fileProblems = await files.AcceptAsync(step, uploads, forms.Answers, cancellationToken);
        var bindingErrors = new Dictionary<string, string>(AnswerBinder.Bind(step, posted, forms.Answers));
        Act(step, action, forms.Answers, bindingErrors);
        var problems = new Dictionary<string, string>(validator.Validate(forms.Form, forms.Answers, bindingErrors: bindingErrors));
        foreach (var (path, message) in fileProblems)
        {
            problems[path] = message;
        }

        visit.FormAnswers = forms.Answers.ToJsonString();
        visit.Revision++;
        visit.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var counts = forms.Counts;
            await audit.AppendAsync(new AuditEntry("counter.forms_saved", "counter_visit", visit.Id.ToString(), Details: new
            {
                procedures = forms.Sections.Count, prefilled = counts.Prefilled, interviewed = counts.Interviewed, problems = problems.Count,
            }), cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return visits.Stale(await db.Set<CounterVisit>().AsNoTracking().SingleAsync(v => v.Id == id, cancellationToken));
            }
        }

        if (problems.Count > 0)
        {
            return new Problem(ProblemKind.Invalid, t["Counter.Forms.ErrorTitle"], problems, Extensions: new Dictionary<string, object?> { ["revision"] = visit.Revision });
        }

        return forms with { View = forms.View with { Visit = visit } };
    }

    /// <summary>
    /// The resident has signed the confirmation sheet: each procedure with a form becomes a counter application (its
    /// declaration made by the signature), and the visit ends with its counts, all in one commit. Nothing is made when
    /// any answer is missing or wrong, or when the clerk has not confirmed the signature.
    /// </summary>
    public async Task<Result<CounterVisit>> CompleteAsync(ClaimsPrincipal user, Guid id, int revision, bool signed, CancellationToken cancellationToken)
    {
        var loaded = await visits.LoadForChangeAsync(user, id, revision, cancellationToken);
        if (loaded.Problem is { } refused)
        {
            return refused;
        }

        var visit = loaded.Value!;
        if (await PreparedFormsAsync(visit, cancellationToken) is not { } forms)
        {
            return new Problem(ProblemKind.Conflict, t["Counter.Forms.NotPrepared"]);
        }

        if (!signed)
        {
            return Problem.Invalid(t["Counter.Forms.ErrorTitle"], CompleteFields.Signed, t["Counter.Forms.Error.Signed"]);
        }

        // Checked whole first, so that a mistake in one form makes none of the applications.
        var problems = validator.Validate(forms.Form, forms.Answers);
        if (problems.Count > 0)
        {
            return new Problem(ProblemKind.Invalid, t["Counter.Forms.Error.Incomplete"], problems);
        }

        var prepared = new List<PreparedApplication>();
        foreach (var section in forms.Sections.Where(s => s.Form is not null))
        {
            var answers = (JsonObject)forms.Answers[section.Key]!.DeepClone();
            VisitForm.Declare(section.Form!, answers);
            var request = new ApplyRequest(section.Procedure.Definition, section.Procedure.Version, section.Form!, answers, ApplicationChannel.Counter)
            {
                ExternalId = $"{visit.Id:N}:{section.Key}"[..Math.Min(100, 33 + section.Key.Length)],
            };
            var one = await apply.PrepareAsync(request, cancellationToken);
            if (one.Problem is { } problem)
            {
                return new Problem(ProblemKind.Invalid, t["Counter.Forms.Error.Incomplete"],
                    (problem.Fields ?? new Dictionary<string, string>()).ToDictionary(p => $"{section.Key}.{p.Key}", p => p.Value));
            }

            prepared.Add(one.Value!);
        }

        var counts = forms.Counts;
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            var committed = await apply.CommitAsync(prepared, async (made, ct) =>
            {
                visit.Status = VisitStatus.Completed;
                visit.CompletedAt = now;
                visit.FormAnswers = forms.Answers.ToJsonString();
                visit.ReceiptNumbers = JsonSerializer.Serialize(made.Select(a => a.ReceiptNumber));
                visit.PrefilledFields = counts.Prefilled;
                visit.InterviewedFields = counts.Interviewed;
                visit.PaperForms = counts.PaperForms;
                visit.Revision++;
                visit.UpdatedAt = now;
                if (visit.ReservationReceipt is { } reservation)
                {
                    var clerk = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? visit.ClerkUserId;
                    var notice = made.FirstOrDefault()?.ReceiptNumber ?? string.Empty;
                    await reservations.TakeUpAsync(Arrivals.Arrival.Procedure, reservation, clerk, t["Counter.Forms.ReservationServed", notice], now, ct);
                }

                await audit.AppendAsync(new AuditEntry("counter.visit_completed", "counter_visit", visit.Id.ToString(), Details: new
                {
                    lifeEvent = visit.LifeEventId, applications = made.Count, prefilled = counts.Prefilled, interviewed = counts.Interviewed, paperForms = counts.PaperForms,
                }), ct);
            }, cancellationToken);
            if (committed.Problem is { } problem)
            {
                return problem;
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return visits.Stale(await db.Set<CounterVisit>().AsNoTracking().SingleAsync(v => v.Id == id, cancellationToken));
        }

        return visit;
    }

    /// <summary>The screen's helpers, on a question of the screen only (any other path, a hostile one too, does nothing).</summary>
    private void Act(FormStep step, string? action, JsonObject answers, Dictionary<string, string> bindingErrors)
    {
        if (action?.StartsWith("add:", StringComparison.Ordinal) == true && step.Fields.FirstOrDefault(f => f.Widget == "repeat" && f.Path == action[4..]) is { } group &&
            AnswerPaths.Get(answers, group.Path) is JsonArray items && items.Count < (group.MaxItems ?? 20))
        {
            items.Add(new JsonObject());
        }
        else if (action?.StartsWith("postal:", StringComparison.Ordinal) == true && step.Fields.FirstOrDefault(f => f.Widget == "postal-code" && f.Path == action[7..]) is { } code &&
            step.Fields.Any(f => f.Path == PostalCodes.AddressPathOf(code.Path)))
        {
            if (postalCodes.Suggest(AnswerPaths.Get(answers, code.Path)?.ToString()) is { } address)
            {
                AnswerPaths.Set(answers, PostalCodes.AddressPathOf(code.Path), JsonValue.Create(address));
            }
            else
            {
                bindingErrors[code.Path] = "Form.Postal.Unknown";
            }
        }
    }

    /// <summary>The forms of a visit whose interview is complete; null before.</summary>
    private async Task<VisitForms?> PreparedFormsAsync(CounterVisit visit, CancellationToken cancellationToken)
    {
        var view = await visits.ViewOfAsync(visit, cancellationToken);
        return view.Visit.Status == VisitStatus.Prepared ? (await FormsOfAsync(view, cancellationToken)).Value : null;
    }

    private async Task<Result<VisitForms>> FormsOfAsync(VisitView view, CancellationToken cancellationToken)
    {
        if (view.Visit.Status is not (VisitStatus.Prepared or VisitStatus.Completed) || view.Bundle.Count == 0)
        {
            return new Problem(ProblemKind.Conflict, t["Counter.Forms.NotPrepared"]);
        }

        var published = await catalog.AllAsync(cancellationToken);
        var sections = new List<VisitSection>();
        foreach (var proposal in view.Bundle)
        {
            if (published.FirstOrDefault(p => p.Definition.Id == proposal.Procedure) is { } procedure)
            {
                sections.Add(new VisitSection(proposal, procedure));
            }
        }

        var combined = VisitForm.Combine(sections);
        var stored = view.Visit.FormAnswers is { } json ? JsonNode.Parse(json) as JsonObject : null;
        var answers = new JsonObject();
        var prefilled = new JsonObject();
        var household = view.Household.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var head = view.Household.FirstOrDefault(r => r.IsHead);
        foreach (var section in sections.Where(s => s.Form is not null))
        {
            var given = VisitForm.Prefill(
                section.Form!,
                VisitItems.Of(household[section.Proposal.Applicant.Key], head, view.Visit.EventDate),
                section.Proposal.Concerns.Select(c => VisitItems.Of(household[c.Key], head, view.Visit.EventDate)).ToList());
            prefilled[section.Key] = given;
            answers[section.Key] = stored?[section.Key]?.DeepClone() ?? given.DeepClone();
        }

        return new VisitForms(view, sections, combined, answers, prefilled);
    }
}

/// <summary>Names of the completing step's own fields.</summary>
public static class CompleteFields
{
    public const string Signed = "signed";
}
