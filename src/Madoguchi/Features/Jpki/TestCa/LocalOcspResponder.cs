using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Madoguchi.Features.Jpki;

/// <summary>
/// The local test CA's OCSP responder (RFC 6960), answering as a CA's own responder does: a malformed request gets
/// malformedRequest, a request about another CA's certificate gets unauthorized, a serial this CA never issued gets
/// "unknown", otherwise good or revoked (with the time), signed by the CA's key and identified by its key hash (JPKI CA
/// generations share names); the request's nonce is echoed. Answers are valid for an hour.
/// </summary>
public sealed class LocalOcspResponder(JpkiTrust trust, TimeProvider clock)
{
    public const string ContentType = "application/ocsp-response";

    public byte[] Respond(byte[] requestBytes)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        OcspReq request;
        try
        {
            request = new OcspReq(requestBytes);
            if (request.GetRequestList().Length == 0)
            {
                return Status(OcspRespStatus.MalformedRequest);
            }
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or Asn1Exception or InvalidOperationException)
        {
            return Status(OcspRespStatus.MalformedRequest);
        }

        LocalTestCa ca;
        try
        {
            ca = LocalTestCa.Open(trust.LocalTestCaDirectory);
        }
        catch (InvalidOperationException)
        {
            return Status(OcspRespStatus.InternalError);
        }

        var requests = request.GetRequestList();
        X509Certificate2? signingCa = null;
        var answers = new List<(CertificateID Id, CertificateStatus? Status)>();
        foreach (var one in requests)
        {
            var id = one.GetCertID();
            var issuer = new[] { ca.SignatureCa, ca.AuthenticationCa }.FirstOrDefault(c => id.MatchesIssuer(new BcCertificate(c.RawData)));
            if (issuer is null || (signingCa is not null && signingCa != issuer))
            {
                return Status(OcspRespStatus.Unauthorized); // not this responder's CA (one signer per response)
            }

            signingCa = issuer;
            var serial = id.SerialNumber.ToString(16).ToUpperInvariant();
            serial = serial.Length % 2 == 1 ? "0" + serial : serial;
            CertificateStatus? status = ca.StatusOf(issuer, serial) switch
            {
                null => new UnknownStatus(),
                { Revoked: true, RevokedAt: var at } => new RevokedStatus(at!.Value.UtcDateTime, CrlReason.Superseded),
                _ => CertificateStatus.Good,
            };
            answers.Add((id, status));
        }

        using var key = signingCa!.GetRSAPrivateKey()!;
        var keyPair = DotNetUtilities.GetRsaKeyPair(key);
        var generator = new BasicOcspRespGenerator(keyPair.Public);
        foreach (var (id, status) in answers)
        {
            generator.AddResponse(id, status, now.AddMinutes(-1), now.AddHours(1), null);
        }

        if (request.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce) is { } nonce)
        {
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, nonce.GetOctets());
            generator.SetResponseExtensions(extensions.Generate());
        }

        var basic = generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", keyPair.Private), null, now);
        return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
    }

    private static byte[] Status(int status) => new OCSPRespGenerator().Generate(status, null).GetEncoded();
}
