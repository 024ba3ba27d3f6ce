using Madoguchi.Features.Casework;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Documents;
using Madoguchi.Platform.Storage;
using Madoguchi.Platform.Ui;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Casework.Letters;

/// <summary>
/// Renders a letter for a case as an official A4 notice — date and addressee, the head of the municipality as
/// sender, the title, the body, a 記 section, notes such as the 教示 — and keeps the PDF in the file store.
/// </summary>
public sealed class LetterWriter(IOptions<MunicipalityOptions> municipality, CityOffice.CityInformation cityContacts, IFileStore store, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t)
{
    public (string Title, byte[] Bytes) Render(LetterTemplate template, Application application, string procedureName, CityOffice.DepartmentContact department, string? reason, DateTime issuedAtUtc)
    {
        var city = municipality.Value;
        var departmentName = department.Name;
        var values = new Dictionary<string, string>
        {
            ["applicantName"] = application.ApplicantName ?? t["Letter.DefaultAddressee"],
            ["procedureName"] = procedureName,
            ["receiptNumber"] = application.ReceiptNumber,
            ["receivedOn"] = JapaneseDate.Format(Platform.Time.JapanTime.DateOf(application.SubmittedAt)),
            ["issuedOn"] = JapaneseDate.Format(Platform.Time.JapanTime.DateOf(issuedAtUtc)),
            ["reason"] = reason ?? string.Empty,
            ["departmentName"] = departmentName,
            ["municipalityName"] = city.Name,
            ["headTitle"] = city.HeadTitle,
            ["phone"] = department.Phone,
        };
        string Fill(string text) => values.Aggregate(text, (current, pair) => current.Replace($"{{{pair.Key}}}", pair.Value, StringComparison.Ordinal));

        var title = Fill(template.Title);
        using var pdf = new A4Writer(title, t["Letter.Footer", city.Name, departmentName, application.ReceiptNumber]);
        pdf.RightAligned(values["issuedOn"]);
        pdf.Paragraph(string.Empty);
        pdf.Paragraph(t["Letter.Addressee", values["applicantName"]]);
        pdf.Paragraph(string.Empty);
        pdf.RightAligned(city.HeadTitle);
        pdf.RightAligned(t["Letter.InCharge", departmentName]);
        pdf.Title(title);
        foreach (var paragraph in template.Paragraphs)
        {
            pdf.Paragraph($"　{Fill(paragraph)}");
        }

        pdf.Title(t["Letter.Ki"]);
        foreach (var row in template.Rows)
        {
            var value = Fill(row.Value);
            if (value.Length > 0)
            {
                pdf.Row(row.Label, value);
            }
        }

        if (template.Notes.Count > 0)
        {
            pdf.Paragraph(string.Empty);
            if (template.NotesTitle is { } notesTitle)
            {
                pdf.Heading(Fill(notesTitle));
            }

            foreach (var note in template.Notes)
            {
                pdf.Paragraph(Fill(note));
            }
        }

        pdf.Paragraph(string.Empty);
        pdf.RightAligned(t["Letter.Contact", city.Name, departmentName, cityContacts.Current.Address, department.Phone]);
        return (title, pdf.ToBytes());
    }

    public async Task<string> StoreAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(pdf, writable: false);
        return (await store.SaveAsync(content, cancellationToken)).Sha256;
    }


}
