using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Madoguchi.Features.Jpki;

/// <summary>
/// Revocation by OCSP (RFC 6960): a request for the certificate (CertID by SHA-1, as responders expect) with a fresh
/// nonce, POSTed as <c>application/ocsp-request</c> to the configured responder or the one the certificate names. The
/// answer counts only if it is a successful basic response signed by the issuer's key or by a responder certificate the
/// issuer made for OCSP signing, names this certificate, is fresh, and echoes the nonce when it carries one. Anything
/// else (no responder, a timeout, an HTTP error, tryLater, unauthorized, garbage, a stale or replayed answer) is
/// "unknown" with the reason, never "good".
/// </summary>
public sealed class OcspRevocationSource(IHttpClientFactory http, IOptions<JpkiOptions> options, TimeProvider clock, ILogger<OcspRevocationSource> log) : IRevocationSource
{
    public const string HttpClientName = "jpki-revocation";
    private const string Source = "ocsp";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<RevocationResult> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value.Ocsp;
        var responder = settings.ResponderUrl is { Length: > 0 } configured ? configured : ResponderNamedIn(certificate);
        if (responder is null)
        {
            return Unknown(now, "no OCSP responder is configured or named by the certificate");
        }

        var bcIssuer = new BcCertificate(issuer.RawData);
        var id = new CertificateID(CertificateID.DigestSha1, bcIssuer, new Org.BouncyCastle.Math.BigInteger(certificate.SerialNumber, 16));
        var nonce = RandomNumberGenerator.GetBytes(16);
        var request = new OcspReqGenerator();
        request.AddRequest(id);
        var extensions = new X509ExtensionsGenerator();
        extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, new DerOctetString(nonce));
        request.SetRequestExtensions(extensions.Generate());

        byte[] answer;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)));
            using var content = new ByteArrayContent(request.Generate().GetEncoded());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
            using var response = await http.CreateClient(HttpClientName).PostAsync(responder, content, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Unknown(now, $"{responder} answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentType?.MediaType is { } type && type != "application/ocsp-response")
            {
                return Unknown(now, $"{responder} answered {type}, not an OCSP response");
            }

            answer = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unknown(now, $"{responder} did not answer within {settings.TimeoutSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            log.LogWarning("OCSP responder {Responder} unreachable: {Error}", responder, ex.Message);
            return Unknown(now, $"{responder} unreachable");
        }

        try
        {
            return Read(answer, id, bcIssuer, nonce, responder, now, settings);
        }
        catch (Exception ex) when (ex is IOException or OcspException or ArgumentException or InvalidCastException or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Security.Certificates.CertificateException or Asn1Exception or InvalidOperationException)
        {
            return Unknown(now, $"{responder} answered something that is not a valid OCSP response");
        }
    }

    private static RevocationResult Read(byte[] answer, CertificateID id, BcCertificate issuer, byte[] nonce, string responder, DateTimeOffset now, OcspOptions settings)
    {
        var response = new OcspResp(answer);
        if (response.Status != OcspRespStatus.Successful)
        {
            var status = response.Status switch
            {
                OcspRespStatus.MalformedRequest => "malformedRequest",
                OcspRespStatus.InternalError => "internalError",
                OcspRespStatus.TryLater => "tryLater",
                OcspRespStatus.SigRequired => "sigRequired",
                OcspRespStatus.Unauthorized => "unauthorized",
                _ => response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            return Unknown(now, $"{responder} answered {status}");
        }

        if (response.GetResponseObject() is not BasicOcspResp basic)
        {
            return Unknown(now, $"{responder} answered a response type other than basic");
        }

        if (!SignedByIssuerOrItsResponder(basic, issuer, now))
        {
            return Unknown(now, $"{responder} answered with a signature that is not the issuer's or its OCSP responder's");
        }

        var echoed = basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce);
        if (echoed is not null)
        {
            var value = Asn1Object.FromByteArray(echoed.GetOctets()) is Asn1OctetString inner ? inner.GetOctets() : echoed.GetOctets();
            if (!CryptographicOperations.FixedTimeEquals(value, nonce))
            {
                return Unknown(now, $"{responder} answered with another request's nonce (a replayed response)");
            }
        }
        else if (settings.RequireNonce)
        {
            return Unknown(now, $"{responder} did not echo the nonce");
        }

        var single = basic.Responses.FirstOrDefault(r => r.GetCertID().Equals(id));
        if (single is null)
        {
            return Unknown(now, $"{responder} answered about another certificate");
        }

        var thisUpdate = new DateTimeOffset(DateTime.SpecifyKind(single.ThisUpdate, DateTimeKind.Utc));
        if (thisUpdate > now + ClockSkew || thisUpdate < now - TimeSpan.FromSeconds(settings.MaxAgeSeconds))
        {
            return Unknown(now, $"{responder} answered with a response of {thisUpdate:O}, outside the accepted age");
        }

        if (single.NextUpdate is { } next && new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) < now - ClockSkew)
        {
            return Unknown(now, $"{responder} answered with a response that expired at {next:O}");
        }

        var detail = $"{responder}, produced {new DateTimeOffset(DateTime.SpecifyKind(basic.ProducedAt, DateTimeKind.Utc)):O}";
        return single.GetCertStatus() switch
        {
            null => new RevocationResult(RevocationStatus.Good, Source, now, thisUpdate, detail),
            RevokedStatus revoked => new RevocationResult(RevocationStatus.Revoked, Source, now, thisUpdate,
                $"{detail}; revoked at {new DateTimeOffset(DateTime.SpecifyKind(revoked.RevocationTime, DateTimeKind.Utc)):O}"),
            _ => Unknown(now, $"{responder} does not know the certificate"),
        };
    }

    /// <summary>
    /// The issuer's own key, or a delegated responder: a certificate in the response that the issuer signed, marked for
    /// OCSP signing (id-kp-OCSPSigning) and valid now. Generations of a CA share a name, so keys decide, not names.
    /// </summary>
    private static bool SignedByIssuerOrItsResponder(BasicOcspResp basic, BcCertificate issuer, DateTimeOffset now)
    {
        if (basic.Verify(issuer.GetPublicKey()))
        {
            return true;
        }

        foreach (var candidate in basic.GetCerts())
        {
            try
            {
                candidate.Verify(issuer.GetPublicKey());
            }
            catch (Exception ex) when (ex is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException or Org.BouncyCastle.Security.Certificates.CertificateException)
            {
                continue;
            }

            var forOcsp = candidate.GetExtendedKeyUsage()?.Contains(KeyPurposeID.id_kp_OCSPSigning) == true;
            if (forOcsp && candidate.IsValid(now.UtcDateTime) && basic.Verify(candidate.GetPublicKey()))
            {
                return true;
            }
        }

        return false;
    }

    private static string? ResponderNamedIn(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().SelectMany(e => e.EnumerateOcspUris()).FirstOrDefault();

    private static RevocationResult Unknown(DateTimeOffset now, string detail) => new(RevocationStatus.Unknown, Source, now, null, detail);
}
