using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework.Drafts;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Documents;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Copy;

/// <summary>The applicant's A4 copy of what they submitted, rendered from the frozen form version and answers.</summary>
public sealed class AnswersPdf(ProcedureCatalog catalog, MyNumberVault myNumbers, MadoguchiSettings settings, IStringLocalizer<Messages> t)
{
    public async Task<byte[]> RenderAsync(Application application, CancellationToken cancellationToken)
    {
        var procedure = await catalog.VersionAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Procedure version {application.ProcedureId}/{application.ProcedureVersion} is missing.");
        var form = (await catalog.FormAsync(application.ProcedureId, application.ProcedureVersion, cancellationToken))!;
        var answers = myNumbers.OpenMasked(form, application.Answers);

        using var pdf = new A4Writer(t["Copy.Title", procedure.Name], $"{settings.MunicipalityName} {t["Copy.Footer", application.ReceiptNumber]}");
        pdf.Heading(t["Copy.Title", procedure.Name]);
        pdf.Row(t["Copy.Municipality"], settings.MunicipalityName);
        pdf.Row(t["Apply.ReceiptNumber"].Value.TrimEnd(':', '：'), application.ReceiptNumber);
        pdf.Row(t["Copy.SubmittedAt"], JapaneseDate.FormatInstant(application.SubmittedAt));
        pdf.Row(t["Copy.Version"], t["Copy.VersionValue", application.ProcedureVersion]);
        pdf.Paragraph(string.Empty);
        foreach (var row in AnswerDisplay.Rows(form, answers, key => t[key]))
        {
            pdf.Row(row.Label, row.Value);
        }

        pdf.Paragraph(string.Empty);
        pdf.Paragraph(t["Copy.Note"]);
        return pdf.ToBytes();
    }
}
