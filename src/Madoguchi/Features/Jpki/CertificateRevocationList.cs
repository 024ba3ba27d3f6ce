using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Madoguchi.Features.Jpki;

/// <summary>
/// An X.509 CRL (RFC 5280 §5) read with <see cref="AsnReader"/>: who issued it, when, until when, and the revoked
/// serial numbers (a hash set: J-LIS CRLs hold hundreds of thousands of entries). <see cref="IsSignedBy"/> checks it
/// against the issuing CA's key, so a CRL is trusted only as far as its issuer is.
/// </summary>
public sealed class CertificateRevocationList
{
    private readonly HashSet<string> revoked;
    private readonly byte[] tbs;
    private readonly byte[] signature;
    private readonly string signatureAlgorithm;

    // Checking the signature hashes the whole list (megabytes for J-LIS): once per issuer key is enough.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> signedBy = new(StringComparer.Ordinal);

    private CertificateRevocationList(X500DistinguishedName issuer, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, HashSet<string> revoked, byte[] tbs, byte[] signature, string signatureAlgorithm)
    {
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        this.revoked = revoked;
        this.tbs = tbs;
        this.signature = signature;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public X500DistinguishedName Issuer { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset? NextUpdate { get; }

    public int Count => revoked.Count;

    /// <summary>Whether the certificate with this serial number (hex, as <see cref="X509Certificate2.SerialNumber"/>) is revoked.</summary>
    public bool IsRevoked(string serialNumberHex) => revoked.Contains(Normalise(serialNumberHex));

    /// <summary>DER, or PEM (<c>-----BEGIN X509 CRL-----</c>).</summary>
    public static CertificateRevocationList Parse(byte[] data)
    {
        // PEM when the bytes hold a CRL's PEM block (found, not guessed from the first byte); anything else is read as
        // DER, and what is neither is refused below as a CryptographicException.
        var der = data;
        var text = System.Text.Encoding.ASCII.GetString(data);
        if (PemEncoding.TryFind(text, out var fields) && text[fields.Label] == "X509 CRL")
        {
            der = Convert.FromBase64String(text[fields.Base64Data]);
        }

        try
        {
            var list = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var tbsBytes = list.ReadEncodedValue().ToArray();
            var algorithm = list.ReadSequence().ReadObjectIdentifier();
            var signatureValue = list.ReadBitString(out _);

            var tbsReader = new AsnReader(tbsBytes, AsnEncodingRules.DER).ReadSequence();
            if (tbsReader.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbsReader.ReadInteger(); // version v2
            }

            tbsReader.ReadSequence(); // signature algorithm (repeated inside)
            var issuer = new X500DistinguishedName(tbsReader.ReadEncodedValue().Span);
            var thisUpdate = ReadTime(tbsReader);
            DateTimeOffset? nextUpdate = tbsReader.HasData && IsTime(tbsReader.PeekTag()) ? ReadTime(tbsReader) : null;
            var revoked = new HashSet<string>(StringComparer.Ordinal);
            if (tbsReader.HasData && tbsReader.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = tbsReader.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    var serial = entry.ReadIntegerBytes().ToArray();
                    revoked.Add(Convert.ToHexString(serial.SkipWhile((b, i) => b == 0 && i < serial.Length - 1).ToArray()));
                }
            }

            return new CertificateRevocationList(issuer, thisUpdate, nextUpdate, revoked, tbsBytes, signatureValue, algorithm);
        }
        catch (AsnContentException ex)
        {
            throw new CryptographicException("Not a certificate revocation list.", ex);
        }
    }

    /// <summary>Whether <paramref name="issuer"/>'s key signed this CRL (RSA PKCS#1 v1.5 with SHA-256/384/512).</summary>
    public bool IsSignedBy(X509Certificate2 issuer) =>
        signedBy.GetOrAdd(Convert.ToHexString(issuer.GetPublicKey()), _ => VerifySignature(issuer));

    private bool VerifySignature(X509Certificate2 issuer)
    {
        var hash = signatureAlgorithm switch
        {
            "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
            "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
            "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
            _ => (HashAlgorithmName?)null,
        };
        using var key = issuer.GetRSAPublicKey();
        return hash is { } h && key is not null && key.VerifyData(tbs, signature, h, RSASignaturePadding.Pkcs1);
    }

    private static bool IsTime(Asn1Tag tag) => tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();

    private static string Normalise(string hex)
    {
        var trimmed = hex.TrimStart('0').ToUpperInvariant();
        return trimmed.Length == 0 ? "0" : trimmed.Length % 2 == 1 ? "0" + trimmed : trimmed;
    }
}
