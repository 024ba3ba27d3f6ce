using System.Security.Claims;
using Madoguchi.Features.Casework.Drafts;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Documents;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Platform.Ui;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Counter.Forms;

/// <summary>
/// The one A4 confirmation sheet of a visit: the event, then every procedure with its reason and the answers as the
/// resident reads them back (和暦 dates, option labels), the procedures still on paper, the declaration and a line for
/// the signature. Printing it shows personal data, so it is audited.
/// </summary>
public sealed class ConfirmationSheet(MadoguchiDbContext db, CounterForms forms, AuditTrail audit, MadoguchiSettings settings, IStringLocalizer<Resources.Messages> t)
{
    public async Task<Result<byte[]>> RenderAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        var opened = await forms.OpenAsync(user, id, cancellationToken);
        if (opened.Problem is { } problem)
        {
            return problem;
        }

        var bytes = Render(opened.Value!);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await audit.AppendAsync(new AuditEntry("counter.sheet_printed", "counter_visit", id.ToString()), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return bytes;
    }

    /// <summary>The sheet itself (no I/O): what <see cref="RenderAsync"/> prints and the bench measures.</summary>
    public byte[] Render(VisitForms visit)
    {
        var view = visit.View;
        var head = view.Household.FirstOrDefault(r => r.IsHead);
        var title = t["Counter.Sheet.Title"];
        using var pdf = new A4Writer(title, $"{settings.MunicipalityName} {t["Counter.Sheet.Footer"]}");
        pdf.Title(title);
        pdf.Paragraph(t["Counter.Sheet.Lead"]);
        pdf.Row(t["Counter.Sheet.Event"], view.LifeEvent?.Name ?? string.Empty);
        pdf.Row(t["Counter.Sheet.EventDate"], view.Visit.EventDate is { } on ? JapaneseDate.FormatWithWestern(on) : string.Empty);
        pdf.Row(t["Counter.Sheet.Householder"], head?.FullName ?? string.Empty);
        pdf.Row(t["Counter.Sheet.Visited"], JapaneseDate.FormatInstant(view.Visit.StartedAt));
        var index = 0;
        foreach (var section in visit.Sections.Where(s => s.Form is not null))
        {
            index++;
            pdf.Paragraph(string.Empty);
            pdf.Heading(t["Counter.Sheet.Procedure", index, section.Procedure.Definition.Name]);
            pdf.Paragraph(t["Counter.Sheet.Reason", section.Proposal.Reason]);
            var step = visit.Form.Steps.First(s => s.Id == section.Key);
            foreach (var row in AnswerDisplay.Rows(new FormDefinition(visit.Form.Schema, [step]), visit.Answers, key => t[key]))
            {
                pdf.Row(row.Label, row.Value);
            }

            // What the resident declares or consents to online is made here by the signature: each is printed.
            foreach (var declaration in VisitForm.Declarations(section.Form!))
            {
                pdf.Row(t["Counter.Sheet.Declares"], declaration.Label);
            }
        }

        if (visit.Sections.Where(s => s.Form is null).ToList() is { Count: > 0 } paper)
        {
            pdf.Paragraph(string.Empty);
            pdf.Heading(t["Counter.Sheet.Paper"]);
            foreach (var section in paper)
            {
                pdf.Row(section.Procedure.Definition.Name, section.Proposal.Reason);
            }
        }

        pdf.Paragraph(string.Empty);
        pdf.Paragraph(t["Counter.Sheet.Declaration"]);
        pdf.Paragraph(t["Counter.Sheet.Signature"]);
        pdf.Paragraph(t["Counter.Sheet.SignedOn"]);
        return pdf.ToBytes();
    }
}
