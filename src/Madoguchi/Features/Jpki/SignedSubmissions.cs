using System.Text.Json;
using Madoguchi.Features.Applications;
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
/// audited, also a refused one (after the response, in its own unit of work, since a refused submission rolls back).
/// </summary>
public sealed class SignedSubmissions(
    SignatureVerifier verifier, AuditTrail audit, IServiceScopeFactory scopes, Platform.Storage.IFileStore store, ApplicantMatcher matcher,
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection, TimeProvider clock, IStringLocalizer<Messages> t)
{
    public const string HeaderName = "X-Jpki-Signature";

    private readonly Microsoft.AspNetCore.DataProtection.IDataProtector contentProtector = protection.CreateProtector("Madoguchi.SignedContent");

    /// <summary>
    /// Keeps with the application what lets anyone check the signature again: the CMS, the report made on arrival, and
    /// the exact signed bytes (encrypted, in the file store).
    /// </summary>
    public async Task KeepAsync(SignedSubmission signed, Application application, CancellationToken cancellationToken)
    {
        application.SignatureCms = signed.Cms is null ? null : Convert.ToBase64String(signed.Cms);
        application.SignatureReport = signed.ReportJsonText;
        application.SignatureCertificateSerial = signed.Report.CertificateSerial;
        application.SignatureCertificateIssuer = signed.Report.CertificateIssuer;
        using var sealedContent = new MemoryStream(contentProtector.Protect(signed.Content), writable: false);
        application.SignedContentFile = (await store.SaveAsync(sealedContent, cancellationToken)).Sha256;
        await IdentifyAsync(signed.Report, application, cancellationToken);
    }

    /// <summary>
    /// The signature certificate says who signed (基本4情報 from J-LIS): it names the applicant where the answers did
    /// not, and an application sent without an account is tied to the resident whose earlier application the same
    /// certificate signed, or offered to staff as a candidate when name, birth date and address agree.
    /// </summary>
    private async Task IdentifyAsync(VerificationReport report, Application application, CancellationToken cancellationToken)
    {
        if (report.Holder is not { } holder)
        {
            return;
        }

        application.ApplicantName ??= holder.Name[..Math.Min(holder.Name.Length, 100)];
        application.ApplicantBirthDate ??= holder.BirthDate;
        application.ApplicantAddress ??= holder.Address[..Math.Min(holder.Address.Length, 200)];
        application.ApplicantSearch = ApplicationService.SearchKey(application.ApplicantName, application.ApplicantKana);
        if (application.ApplicantUserId is not null)
        {
            return;
        }

        var certificate = report is { CertificateIssuer: { } issuer, CertificateSerial: { } serial } ? new VerifiedCertificate(issuer, serial) : null;
        var match = await matcher.MatchAsync(certificate, null, holder.Name, holder.BirthDate, holder.Address, cancellationToken);
        application.ApplicantUserId = match.UserId;
        application.MatchStatus = match.Status;
        application.MatchCandidates = match.Candidates.Count > 0 ? JsonSerializer.Serialize(match.Candidates) : null;
    }

    /// <summary>Checks a kept signature again, as of now (a certificate revoked since then shows as revoked); audited.</summary>
    public async Task<VerificationReport?> RecheckAsync(Application application, CancellationToken cancellationToken)
    {
        if (application.SignatureCms is null || application.SignedContentFile is null || store.Open(application.SignedContentFile) is not { } file)
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
    /// A refusal is audited at once (no transaction is open yet); a valid one is audited by <see cref="KeepVerifiedAsync"/>
    /// with the application it admits.
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

    /// <summary>Keeps a web-checked signature with its application and audits it, in the submission's transaction.</summary>
    public async Task KeepVerifiedAsync(SignedSubmission signed, Application application, CancellationToken cancellationToken)
    {
        await KeepAsync(signed, application, cancellationToken);
        await audit.AppendAsync(Entry(application.ProcedureId, signed.Report), cancellationToken);
    }

    public async Task<SignedSubmission> CheckAsync(HttpContext http, string procedureId, byte[] body, CancellationToken cancellationToken)
    {
        var header = http.Request.Headers[HeaderName].ToString().Trim();
        var (report, cms) = await VerifyAsync(body, header, cancellationToken);
        var entry = Entry(procedureId, report);
        if (report.IsValid)
        {
            // Commits with the application it admits.
            await audit.AppendAsync(entry, cancellationToken);
        }
        else
        {
            // A refused submission rolls its transaction back; the refusal is recorded once the response is done, in a
            // unit of work of its own (on SQLite the request's transaction holds the only write lock until then).
            http.Response.OnCompleted(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(entry, CancellationToken.None);
            });
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
