namespace Madoguchi.Features.Jpki.Pages;

/// <summary>
/// What the card-bridge button on a page asks for: the purpose and format, the bytes (base64), and the form fields the
/// answer fills in. Without script the button stays hidden and the fields are filled by hand from the CLI.
/// </summary>
public sealed record CardBridgeView(string Purpose, string Format, string DataBase64, string SignatureField, string? CertificateField);
