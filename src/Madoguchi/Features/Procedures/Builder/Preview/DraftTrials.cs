using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Fees;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Builder.Preview;

/// <summary>A draft's form as the preview uses it: the draft, the form the engine reads, and the procedure's fee.</summary>
public sealed record PreviewForm(DraftView View, FormDefinition Form, Fee Fee);

/// <summary>
/// The builder's sandbox (decision 0020 §17): a draft's form read for the preview by whoever may edit the draft, and
/// test submissions (テスト送信) checked as the back office would check them and kept apart from applications.
/// </summary>
public sealed class DraftTrials(MadoguchiDbContext db, ProcedureBuilder builder, FormValidator validator, AuditTrail audit, TimeProvider clock, IStringLocalizer<Resources.Messages> t)
{
    /// <summary>The most answers a preview carries between its steps (a form's answers are far smaller).</summary>
    public const int MaximumAnswerChars = 200_000;

    /// <summary>The draft's form, or why it cannot be previewed (not found, not the person's, no questions or broken).</summary>
    public async Task<Result<PreviewForm>> FormAsync(ClaimsPrincipal user, Guid draftId, CancellationToken cancellationToken)
    {
        var found = await builder.FindAsync(user, draftId, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem;
        }

        var view = found.Value!;
        try
        {
            var form = view.Definition["form"]?.Deserialize<FormDefinition>(ProcedureDefinition.Json);
            var fee = view.Definition["fee"]?.Deserialize<Fee>(ProcedureDefinition.Json) ?? new Fee("none", null, null);
            if (form is { Steps.Count: > 0 } && form.Steps.All(s => s.Fields is { Count: > 0 }) && FormRules.Check(form).Count == 0)
            {
                return new PreviewForm(view, form, fee);
            }
        }
        catch (JsonException)
        {
            // a definition being written may not read as a form yet: said below
        }

        return new Problem(ProblemKind.Conflict, t["Builder.Preview.NotReady"]);
    }

    /// <summary>
    /// Problems with the answers to the questions of <paramref name="fields"/> (or the whole form) as a resident would be
    /// told them — less files, which a preview does not take.
    /// </summary>
    public IReadOnlyDictionary<string, string> Check(FormDefinition form, JsonObject answers, IEnumerable<FormField>? fields = null, IReadOnlyDictionary<string, string>? binding = null)
    {
        var files = FilePaths(form);
        return validator.Validate(form, answers, fields, binding).Where(p => !files.Any(f => p.Key == f || p.Key.StartsWith(f + ".", StringComparison.Ordinal) || Matches(p.Key, f)))
            .ToDictionary();
    }

    /// <summary>テスト送信: the answers checked whole, counted for the fee, and kept in the sandbox.</summary>
    public async Task<Result<ProcedureTrial>> SubmitAsync(ClaimsPrincipal user, Guid draftId, JsonObject answers, CancellationToken cancellationToken)
    {
        var preview = await FormAsync(user, draftId, cancellationToken);
        if (preview.Problem is { } problem)
        {
            return problem;
        }

        var (view, form, fee) = preview.Value!;
        if (Check(form, answers) is { Count: > 0 } problems)
        {
            return Problem.Invalid(t["Builder.Error.Summary"], problems);
        }

        var visible = FormValidator.VisibleAnswers(form, answers);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var trial = new ProcedureTrial
        {
            Id = Guid.CreateVersion7(), DraftId = view.Draft.Id, ProcedureId = view.Draft.ProcedureId, DraftRevision = view.Draft.Revision,
            Answers = visible.ToJsonString(ProcedureDefinition.Json), FeeAmount = FeeCalculator.IsCountable(fee) ? FeeCalculator.Count(fee, visible).Amount : 0,
            SubmittedBy = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown", SubmittedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(trial);
        await audit.AppendAsync(new AuditEntry("procedure.trial_submitted", "procedure", view.Draft.ProcedureId, Details: new { trial = trial.Id }), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return trial;
    }

    /// <summary>How many test submissions a draft has had (the draft page says so; the reviewer sees it was tried).</summary>
    public Task<int> CountAsync(Guid draftId, CancellationToken cancellationToken) =>
        db.Set<ProcedureTrial>().CountAsync(trial => trial.DraftId == draftId, cancellationToken);

    private static List<string> FilePaths(FormDefinition form) =>
        form.Steps.SelectMany(s => s.Fields).SelectMany(f => f.Widget == "file" ? [f.Path] : (f.Fields ?? []).Where(c => c.Widget == "file").Select(c => $"{f.Path}[].{c.Path}")).ToList();

    /// <summary>Whether an answer path inside a group (<c>goods[1].photo</c>) is the group's file question (<c>goods[].photo</c>).</summary>
    private static bool Matches(string path, string filePath)
    {
        var inGroup = filePath.IndexOf("[].", StringComparison.Ordinal);
        if (inGroup < 0 || !path.StartsWith(filePath[..inGroup] + "[", StringComparison.Ordinal))
        {
            return false;
        }

        var close = path.IndexOf("].", StringComparison.Ordinal);
        return close > 0 && path[(close + 2)..] == filePath[(inGroup + 3)..];
    }
}
