using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Configuration;

namespace Madoguchi.Features.Jpki;

/// <summary>
/// What a resident signs with the card on the web: the application as it will be sent, as readable JSON (format
/// <see cref="Format"/>): the city, the procedure and its version, the draft, and the answers that count (those the form
/// shows), with 個人番号 masked — the number is never sent back to the browser, so it is not part of what is signed.
/// The same draft gives the same bytes; any change after signing makes the signature not match.
/// </summary>
public sealed class SignedApplicationDocument(MyNumberVault myNumbers, MadoguchiSettings settings)
{
    public const string Format = "madoguchi-signed-application/1";

    private static readonly JsonSerializerOptions Readable = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public byte[] For(DraftView view)
    {
        var visible = FormValidator.VisibleAnswers(view.Form, view.Answers);
        var document = new JsonObject
        {
            ["format"] = Format,
            ["municipalityCode"] = settings.MunicipalityCode,
            ["procedureId"] = view.Procedure.Id,
            ["procedureName"] = view.Procedure.Name,
            ["procedureVersion"] = view.Draft.ProcedureVersion,
            ["draftId"] = view.Draft.Id.ToString(),
            ["answers"] = myNumbers.OpenMasked(view.Form, myNumbers.Seal(view.Form, visible)),
        };
        return Encoding.UTF8.GetBytes(document.ToJsonString(Readable));
    }
}
