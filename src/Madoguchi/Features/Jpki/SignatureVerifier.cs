using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Madoguchi.Features.Jpki;

/// <summary>Why a signature is not valid; each has its own plain Japanese message (resources <c>Jpki.Problem.*</c>).</summary>
public static class SignatureProblem
{
    public const string NotASignature = "not_a_signature";
    public const string ContentMismatch = "content_mismatch";
    public const string WeakDigest = "weak_digest";
    public const string WrongPurpose = "wrong_purpose";
    public const string TestCard = "test_card";
    public const string Expired = "expired";
    public const string NotYetValid = "not_yet_valid";
    public const string UntrustedChain = "untrusted_chain";
    public const string Revoked = "revoked";
}

/// <summary>
/// The result of checking a signature, kept with what was signed so that staff can read it and it can be checked again:
/// <c>valid</c> only after a revocation check said the certificate is good; <c>unchecked</c> when everything else holds
/// but no revocation source could answer; otherwise <c>invalid</c> with the problem.
/// </summary>
public sealed record VerificationReport(
    string Status,
    string? Problem,
    string Format,
    DateTimeOffset VerifiedAt,
    string? CertificateSerial,
    string? CertificateIssuer,
    DateTimeOffset? CertificateNotAfter,
    bool TestCard,
    HolderAttributes? Holder,
    RevocationResult? Revocation)
{
    public const string Valid = "valid";
    public const string Invalid = "invalid";
    public const string Unchecked = "unchecked";

    public bool IsValid => Status == Valid;
}

/// <summary>
/// Verifies JPKI signatures over exact bytes: a detached CMS SignedData (SHA-256 or stronger; SHA-1 refused) made with a
/// 署名用電子証明書, or a raw PKCS#1 v1.5 signature with the certificate beside it (デジタル認証アプリ's shape). Each
/// check is the purpose (nonRepudiation and a signature policy; test policies only where test cards are accepted),
/// validity now, a chain to a trust anchor for signatures, and revocation.
/// </summary>
public sealed class SignatureVerifier(JpkiTrust trust, IRevocationSource revocation, TimeProvider clock)
{
    private static readonly HashSet<string> StrongDigests = ["2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3"];

    public async Task<VerificationReport> VerifyCmsAsync(byte[] content, byte[] signature, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        SignerInfo signer;
        X509Certificate2 certificate;
        X509Certificate2Collection extra;
        try
        {
            // One ASN.1 value and nothing after it (BER allowed: OpenSSL writes indefinite lengths).
            System.Formats.Asn1.AsnDecoder.ReadEncodedValue(signature, System.Formats.Asn1.AsnEncodingRules.BER, out _, out _, out var consumed);
            if (consumed != signature.Length)
            {
                return Report(VerificationReport.Invalid, SignatureProblem.NotASignature, "cms", now);
            }

            // Certificates inside are parsed lazily: a mangled one throws when first touched, so all of it is read here.
            cms.Decode(signature);
            if (cms.SignerInfos.Count != 1 || cms.SignerInfos[0].Certificate is not { } found)
            {
                return Report(VerificationReport.Invalid, SignatureProblem.NotASignature, "cms", now);
            }

            signer = cms.SignerInfos[0];
            certificate = Readable(found);
            extra = cms.Certificates;
        }
        catch (Exception ex) when (ex is CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            return Report(VerificationReport.Invalid, SignatureProblem.NotASignature, "cms", now);
        }

        if (!StrongDigests.Contains(signer.DigestAlgorithm.Value ?? string.Empty))
        {
            return Report(VerificationReport.Invalid, SignatureProblem.WeakDigest, "cms", now, certificate);
        }

        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return Report(VerificationReport.Invalid, SignatureProblem.ContentMismatch, "cms", now, certificate);
        }

        return await CheckCertificateAsync(certificate, extra, "cms", CertificatePurpose.Signature, now, cancellationToken);
    }

    /// <summary>A raw RSA PKCS#1 v1.5 signature over <paramref name="content"/> with SHA-256, and the signer's certificate.</summary>
    public async Task<VerificationReport> VerifyRawAsync(byte[] content, byte[] signature, byte[] certificateBytes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (LoadExactly(certificateBytes) is not { } certificate)
        {
            return Report(VerificationReport.Invalid, SignatureProblem.NotASignature, "pkcs1", now);
        }

        using var key = PublicKey(certificate);
        if (key is null || !key.VerifyData(content, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return Report(VerificationReport.Invalid, SignatureProblem.ContentMismatch, "pkcs1", now, certificate);
        }

        return await CheckCertificateAsync(certificate, [], "pkcs1", CertificatePurpose.Signature, now, cancellationToken);
    }

    /// <summary>
    /// Card authentication: the client signed <paramref name="challenge"/> with the 利用者証明用 key (RSA PKCS#1 v1.5,
    /// SHA-256). The certificate must be for client authentication under an authentication policy, chain to an
    /// authentication anchor and not be revoked. It carries no personal data: who it is comes from the account it was
    /// linked to.
    /// </summary>
    public async Task<VerificationReport> VerifyAuthenticationAsync(byte[] challenge, byte[] signature, byte[] certificateBytes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (LoadExactly(certificateBytes) is not { } certificate)
        {
            return Report(VerificationReport.Invalid, SignatureProblem.NotASignature, "auth", now);
        }

        using var key = PublicKey(certificate);
        if (key is null || !key.VerifyData(challenge, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return Report(VerificationReport.Invalid, SignatureProblem.ContentMismatch, "auth", now, certificate);
        }

        return await CheckCertificateAsync(certificate, [], "auth", CertificatePurpose.Authentication, now, cancellationToken);
    }

    /// <summary>
    /// A certificate exactly as sent: one that does not parse, or parses from bytes with anything added or re-encoded
    /// (its DER differs from what was sent), is refused, since a card's identity is the hash of those bytes.
    /// </summary>
    private static X509Certificate2? LoadExactly(byte[] bytes)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadCertificate(bytes);
            return certificate.RawData.AsSpan().SequenceEqual(bytes) ? Readable(certificate) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads every field the checks use, so that a certificate with a field OpenSSL cannot read (a mangled date, a
    /// broken extension) is refused here as not a signature instead of failing later; throws CryptographicException.
    /// </summary>
    private static X509Certificate2 Readable(X509Certificate2 certificate)
    {
        _ = certificate.NotBefore;
        _ = certificate.NotAfter;
        _ = certificate.SerialNumber;
        _ = certificate.Issuer;
        _ = certificate.Subject;
        foreach (var extension in certificate.Extensions)
        {
            switch (extension)
            {
                case X509KeyUsageExtension keyUsage:
                    _ = keyUsage.KeyUsages;
                    break;
                case X509EnhancedKeyUsageExtension enhanced:
                    _ = enhanced.EnhancedKeyUsages.Count;
                    break;
                case X509BasicConstraintsExtension constraints:
                    _ = constraints.CertificateAuthority;
                    break;
            }
        }

        _ = CertificatePolicies.Of(certificate);
        _ = HolderAttributes.From(certificate);
        return certificate;
    }

    private static RSA? PublicKey(X509Certificate2 certificate)
    {
        try
        {
            return certificate.GetRSAPublicKey();
        }
        catch (CryptographicException)
        {
            return null; // a key that is not a valid RSA key verifies nothing
        }
    }

    private async Task<VerificationReport> CheckCertificateAsync(
        X509Certificate2 certificate, X509Certificate2Collection extra, string format, CertificatePurpose purpose, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var policies = CertificatePolicies.Of(certificate);
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault()?.KeyUsages ?? X509KeyUsageFlags.None;
        bool test;
        bool fits;
        if (purpose == CertificatePurpose.Signature)
        {
            test = policies.Contains(JpkiProfile.SignatureTestPolicy);
            fits = usage.HasFlag(X509KeyUsageFlags.NonRepudiation) && (test || policies.Contains(JpkiProfile.SignaturePolicy));
        }
        else
        {
            test = policies.Contains(JpkiProfile.AuthenticationTestPolicy);
            var clientAuth = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
                .Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == JpkiProfile.ClientAuthentication));
            fits = usage.HasFlag(X509KeyUsageFlags.DigitalSignature) && clientAuth && (test || policies.Contains(JpkiProfile.AuthenticationPolicy));
        }

        if (!fits)
        {
            return Report(VerificationReport.Invalid, SignatureProblem.WrongPurpose, format, now, certificate);
        }

        if (test && !trust.AcceptsTestCards)
        {
            return Report(VerificationReport.Invalid, SignatureProblem.TestCard, format, now, certificate);
        }

        if (now < certificate.NotBefore.ToUniversalTime())
        {
            return Report(VerificationReport.Invalid, SignatureProblem.NotYetValid, format, now, certificate);
        }

        if (now > certificate.NotAfter.ToUniversalTime())
        {
            return Report(VerificationReport.Invalid, SignatureProblem.Expired, format, now, certificate);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust.Anchors(purpose));
        chain.ChainPolicy.ExtraStore.AddRange(extra);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // checked below, by a source that reports what answered
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(certificate) || chain.ChainElements.Count < 2)
        {
            return Report(VerificationReport.Invalid, SignatureProblem.UntrustedChain, format, now, certificate);
        }

        var revocationResult = await revocation.CheckAsync(certificate, chain.ChainElements[1].Certificate, cancellationToken);
        var status = revocationResult.Status switch
        {
            RevocationStatus.Good => VerificationReport.Valid,
            RevocationStatus.Revoked => VerificationReport.Invalid,
            _ => VerificationReport.Unchecked,
        };
        return Report(status, revocationResult.Status == RevocationStatus.Revoked ? SignatureProblem.Revoked : null, format, now, certificate, revocationResult);
    }

    private static VerificationReport Report(string status, string? problem, string format, DateTimeOffset now, X509Certificate2? certificate = null, RevocationResult? revocation = null) =>
        new(status, problem, format, now, certificate?.SerialNumber, certificate?.Issuer, certificate?.NotAfter.ToUniversalTime(),
            certificate is not null && CertificatePolicies.Of(certificate).Any(p => p is JpkiProfile.SignatureTestPolicy or JpkiProfile.AuthenticationTestPolicy),
            certificate is null ? null : HolderAttributes.From(certificate), revocation);
}
