using System.Text.Json;
using Madoguchi.Features.Casework;
using Madoguchi.Platform.Audit;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Jpki;

/// <summary>A submission's card signature as checked: the report, what it means in Japanese, and the CMS to keep.</summary>
public sealed record SignedSubmission(VerificationReport Report, string Message, byte[]? Cms, byte[] Content)
{
    public static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public string ReportJsonText => JsonSerializer.Serialize(Report, ReportJson);
}

/// <summary>
/// Applications at identity level <c>mynumber-signature</c>: the body must come with a detached CMS SignedData over its
/// exact bytes, made with the card's signature key, in the header <see cref="HeaderName"/> (base64). Every check is
/// audited: a refused one at once, a valid one with the application it admits.
/// </summary>
public sealed class SignedSubmissions(
    SignatureVerifier verifier, AuditTrail audit, Platform.Storage.IFileStore store,
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection, TimeProvider clock, IStringLocalizer<Messages> t)
{
    public const string HeaderName = "X-Jpki-Signature";

    private readonly Microsoft.AspNetCore.DataProtection.IDataProtector contentProtector = protection.CreateProtector("Madoguchi.SignedContent");

    /// <summary>
    /// Seals a valid signature for the application it admits, before the application's transaction: the exact signed
    /// bytes are encrypted into the file store, and the CMS, the report made on arrival, the certificate and the holder's
    /// 基本4情報 (which name the applicant where the answers did not, and match an application sent without an account)
    /// are handed to the apply operation with the audit event that commits with the application.
    /// </summary>
    public async Task<Casework.Applying.ApplicationSignature> SealAsync(SignedSubmission signed, string procedureId, CancellationToken cancellationToken)
    {
        using var sealedContent = new MemoryStream(contentProtector.Protect(signed.Content), writable: false);
        var file = (await store.SaveAsync(sealedContent, cancellationToken)).Sha256;
        return new Casework.Applying.ApplicationSignature(
            signed.Cms is null ? null : Convert.ToBase64String(signed.Cms), signed.ReportJsonText, signed.Report.CertificateSerial,
            signed.Report.CertificateIssuer, file, signed.Report.Holder, Entry(procedureId, signed.Report));
    }

    /// <summary>Checks a kept signature again, as of now (a certificate revoked since then shows as revoked); audited.</summary>
    public async Task<VerificationReport?> RecheckAsync(Application application, CancellationToken cancellationToken)
    {
        if (application.SignatureCms is null || application.SignedContentFile is null || await store.OpenAsync(application.SignedContentFile, cancellationToken) is not { } file)
        {
            return null;
        }

        byte[] content;
        await using (file)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            content = contentProtector.Unprotect(buffer.ToArray());
        }

        var report = await verifier.VerifyCmsAsync(content, Convert.FromBase64String(application.SignatureCms), cancellationToken);
        await audit.RecordAsync(new AuditEntry("signature.rechecked", "application", application.ReceiptNumber, Details: new { report.Status, report.Problem }), cancellationToken);
        return report;
    }

    /// <summary>
    /// The web journey's check: the signature pasted or filled in by the card bridge, over the document the page showed.
    /// A refusal is audited at once (no transaction is open yet); a valid one with the application it admits.
    /// </summary>
    public async Task<SignedSubmission> CheckFormAsync(string procedureId, byte[] document, string? signatureText, CancellationToken cancellationToken)
    {
        var (report, cms) = await VerifyAsync(document, signatureText, cancellationToken);
        if (!report.IsValid)
        {
            await audit.RecordAsync(Entry(procedureId, report), cancellationToken);
        }

        var message = string.IsNullOrWhiteSpace(signatureText) ? t["Apply.Signature.Required"].Value : VerificationMessages.Describe(report, t);
        return new SignedSubmission(report, message, cms, document);
    }

    /// <summary>The API's check: the signature in <see cref="HeaderName"/> over the exact body.</summary>
    public async Task<SignedSubmission> CheckAsync(HttpContext http, string procedureId, byte[] body, CancellationToken cancellationToken)
    {
        var header = http.Request.Headers[HeaderName].ToString().Trim();
        var (report, cms) = await VerifyAsync(body, header, cancellationToken);
        if (!report.IsValid)
        {
            // Refused before any transaction is open: recorded at once (a valid one commits with its application).
            await audit.RecordAsync(Entry(procedureId, report), cancellationToken);
        }

        var message = header.Length == 0 ? t["Api.Applications.SignatureRequired", HeaderName].Value : VerificationMessages.Describe(report, t);
        return new SignedSubmission(report, message, cms, body);
    }

    private async Task<(VerificationReport Report, byte[]? Cms)> VerifyAsync(byte[] content, string? signatureText, CancellationToken cancellationToken)
    {
        byte[]? cms = null;
        if (!string.IsNullOrWhiteSpace(signatureText))
        {
            try
            {
                cms = Convert.FromBase64String(string.Concat(signatureText.Where(c => !char.IsWhiteSpace(c))));
            }
            catch (FormatException)
            {
                cms = null;
            }
        }

        var report = cms is null
            ? new VerificationReport(VerificationReport.Invalid, SignatureProblem.NotASignature, "cms", clock.GetUtcNow(), null, null, null, false, null, null)
            : await verifier.VerifyCmsAsync(content, cms, cancellationToken);
        return (report, cms);
    }

    private static AuditEntry Entry(string procedureId, VerificationReport report) =>
        new(report.IsValid ? "signature.verified" : "signature.refused", "procedure", procedureId,
            Details: new { report.Status, report.Problem, serial = report.CertificateSerial, revocation = report.Revocation?.Source });
}
