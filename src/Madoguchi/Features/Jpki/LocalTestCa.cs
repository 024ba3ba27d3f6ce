using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Madoguchi.Features.Jpki;

/// <summary>The person a virtual card is issued to: 基本4情報 (and フリガナ, kept in the issue record only).</summary>
public sealed record CardHolder(string Name, string Kana, DateOnly BirthDate, HolderSex Sex, string Address);

/// <summary>A virtual My Number Card: both certificates with their private keys, and the CA certificates the card holds.</summary>
public sealed record VirtualCard(X509Certificate2 Signature, X509Certificate2 Authentication, X509Certificate2 SignatureCa, X509Certificate2 AuthenticationCa)
{
    /// <summary>
    /// The card as a PKCS#12 file protected by <paramref name="pin"/> (the card's own PINs guard its keys the same way):
    /// both key pairs with their certificates, and the two CA certificates.
    /// </summary>
    public byte[] Export(string pin)
    {
        var collection = new X509Certificate2Collection { Signature, Authentication, SignatureCa, AuthenticationCa };
        return collection.Export(X509ContentType.Pkcs12, pin)!;
    }

    /// <summary>What the card does for a signing client: a detached CMS SignedData (SHA-256) over exactly these bytes.</summary>
    public byte[] SignCms(byte[] content)
    {
        var cms = new System.Security.Cryptography.Pkcs.SignedCms(new System.Security.Cryptography.Pkcs.ContentInfo(content), detached: true);
        var signer = new System.Security.Cryptography.Pkcs.CmsSigner(System.Security.Cryptography.Pkcs.SubjectIdentifierType.IssuerAndSerialNumber, Signature)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    /// <summary>A raw RSA PKCS#1 v1.5 signature (SHA-256), the shape デジタル認証アプリ returns beside the certificate.</summary>
    public byte[] SignRaw(byte[] content)
    {
        using var key = Signature.GetRSAPrivateKey() ?? throw new CryptographicException("The virtual card has no signature key.");
        return key.SignData(content, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>What the card does for sign-in: the challenge signed with the authentication key (PKCS#1 v1.5, SHA-256).</summary>
    public byte[] SignChallenge(byte[] challenge)
    {
        using var key = Authentication.GetRSAPrivateKey() ?? throw new CryptographicException("The virtual card has no authentication key.");
        return key.SignData(challenge, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public static VirtualCard Import(byte[] pkcs12, string pin)
    {
        var certificates = X509CertificateLoader.LoadPkcs12Collection(pkcs12, pin, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet);
        X509Certificate2 Find(Func<X509Certificate2, bool> predicate, string what) =>
            certificates.FirstOrDefault(predicate) ?? throw new CryptographicException($"The virtual card has no {what}.");
        bool IsCa(X509Certificate2 c) => c.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
        bool HasPolicy(X509Certificate2 c, string policy) => CertificatePolicies.Of(c).Contains(policy);
        return new VirtualCard(
            Find(c => !IsCa(c) && (HasPolicy(c, JpkiProfile.SignatureTestPolicy) || HasPolicy(c, JpkiProfile.SignaturePolicy)), "signature certificate"),
            Find(c => !IsCa(c) && (HasPolicy(c, JpkiProfile.AuthenticationTestPolicy) || HasPolicy(c, JpkiProfile.AuthenticationPolicy)), "authentication certificate"),
            Find(c => IsCa(c) && c.Subject.Contains("digital signature", StringComparison.Ordinal), "signature CA certificate"),
            Find(c => IsCa(c) && c.Subject.Contains("user authentication", StringComparison.Ordinal), "authentication CA certificate"));
    }
}

/// <summary>
/// Madoguchi's local test CA for JPKI: two self-signed CAs (署名用 and 利用者証明用, as J-LIS runs them) under the
/// organisation <c>LOCAL-JPKI-TEST</c>, issuing virtual cards whose certificates follow the real profile with the test-card
/// policy OIDs. Keys live as PKCS#8 PEM files in its directory (a test CA; never a trust anchor in production).
/// </summary>
public sealed class LocalTestCa
{
    private const string SignatureCaFile = "signature-ca";
    private const string AuthenticationCaFile = "authentication-ca";
    private const string IssuedFile = "issued.jsonl";

    private LocalTestCa(string directory, X509Certificate2 signatureCa, X509Certificate2 authenticationCa)
    {
        Directory = directory;
        SignatureCa = signatureCa;
        AuthenticationCa = authenticationCa;
    }

    public string Directory { get; }

    public X509Certificate2 SignatureCa { get; }

    public X509Certificate2 AuthenticationCa { get; }

    /// <summary>Creates the two CAs in <paramref name="directory"/> unless they exist; returns the CA either way.</summary>
    public static LocalTestCa Init(string directory, DateTimeOffset now)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var (file, unit) in new[] { (SignatureCaFile, "JPKI for digital signature"), (AuthenticationCaFile, "JPKI for user authentication") })
        {
            if (!File.Exists(Path.Combine(directory, $"{file}.crt")))
            {
                using var key = RSA.Create(2048);
                // The builder encodes the last added first: this gives C=JP, O=…, OU=…, OU=… as J-LIS's names read.
                var name = new X500DistinguishedNameBuilder();
                name.AddOrganizationalUnitName("Madoguchi local test CA");
                name.AddOrganizationalUnitName(unit);
                name.AddOrganizationName(JpkiProfile.LocalTestOrganisation);
                name.AddCountryOrRegion("JP");
                var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
                using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(20));
                File.WriteAllText(Path.Combine(directory, $"{file}.crt"), certificate.ExportCertificatePem());
                File.WriteAllText(Path.Combine(directory, $"{file}.key"), key.ExportPkcs8PrivateKeyPem());
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(Path.Combine(directory, $"{file}.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
        }

        var ca = Open(directory);
        if (!File.Exists(Path.Combine(directory, "signature.crl")))
        {
            ca.WriteCrls(now); // empty lists, so that a fresh card checks as good rather than unknown
        }

        return ca;
    }

    public static LocalTestCa Open(string directory)
    {
        X509Certificate2 Load(string file) => X509Certificate2.CreateFromPemFile(Path.Combine(directory, $"{file}.crt"), Path.Combine(directory, $"{file}.key"));
        if (!File.Exists(Path.Combine(directory, $"{SignatureCaFile}.crt")))
        {
            throw new InvalidOperationException($"No local test CA in {directory}: run 'jpki test-ca init' first.");
        }

        return new LocalTestCa(directory, Load(SignatureCaFile), Load(AuthenticationCaFile));
    }

    /// <summary>
    /// Issues a virtual card: a 署名用 certificate carrying 基本4情報 in subjectAltName (keyUsage digitalSignature and
    /// nonRepudiation, the test signature policy) valid until the holder's fifth birthday after issue, and a 利用者証明用
    /// certificate with an opaque subject (digitalSignature, clientAuth, the test authentication policy).
    /// </summary>
    public VirtualCard IssueCard(CardHolder holder, DateTimeOffset now)
    {
        var notAfter = FifthBirthdayAfter(holder.BirthDate, now);
        var cardId = OpaqueId();

        using var signatureKey = RSA.Create(2048);
        var signatureName = new X500DistinguishedNameBuilder();
        signatureName.AddCommonName($"{cardId}S");
        signatureName.AddOrganizationName(JpkiProfile.LocalTestOrganisation);
        signatureName.AddCountryOrRegion("JP");
        var signatureRequest = new CertificateRequest(signatureName.Build(), signatureKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        signatureRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        signatureRequest.CertificateExtensions.Add(CertificatePolicies.Extension(JpkiProfile.SignatureTestPolicy));
        signatureRequest.CertificateExtensions.Add(HolderNames(holder));
        var signature = Issue(signatureRequest, SignatureCa, now, notAfter).CopyWithPrivateKey(signatureKey);

        using var authenticationKey = RSA.Create(2048);
        var authenticationName = new X500DistinguishedNameBuilder();
        authenticationName.AddCommonName($"{cardId}A");
        authenticationName.AddCountryOrRegion("JP");
        var authenticationRequest = new CertificateRequest(authenticationName.Build(), authenticationKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authenticationRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        authenticationRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(JpkiProfile.ClientAuthentication)], false));
        authenticationRequest.CertificateExtensions.Add(CertificatePolicies.Extension(JpkiProfile.AuthenticationTestPolicy));
        var authentication = Issue(authenticationRequest, AuthenticationCa, now, notAfter).CopyWithPrivateKey(authenticationKey);

        // The issue record names what was issued to whom, so that revocation (by serial) can say whose card it was.
        var record = JsonSerializer.Serialize(new
        {
            issuedAt = now, holder.Name, holder.Kana, birthDate = holder.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            signatureSerial = signature.SerialNumber, authenticationSerial = authentication.SerialNumber, notAfter,
        });
        File.AppendAllText(Path.Combine(Directory, IssuedFile), record + "\n");
        return new VirtualCard(signature, authentication, X509CertificateLoader.LoadCertificate(SignatureCa.RawData), X509CertificateLoader.LoadCertificate(AuthenticationCa.RawData));
    }

    /// <summary>
    /// Revokes a certificate this CA issued (by serial, as printed when the card was issued) and publishes new CRLs
    /// (<c>signature.crl</c>, <c>authentication.crl</c>, DER). False when no such serial was issued here.
    /// </summary>
    public bool Revoke(string serialHex, DateTimeOffset now)
    {
        var serial = serialHex.Trim().ToUpperInvariant();
        if (!Issued().Any(i => i.Signature == serial || i.Authentication == serial))
        {
            return false;
        }

        File.AppendAllText(Path.Combine(Directory, RevokedFile), JsonSerializer.Serialize(new { serial, revokedAt = now }) + "\n");
        WriteCrls(now);
        return true;
    }

    private const string RevokedFile = "revoked.jsonl";

    /// <summary>
    /// What this CA says about a serial, as its OCSP responder and the local platform operator answer: null when the CA
    /// did not issue it (under <paramref name="ca"/>), otherwise whether and when it was revoked.
    /// </summary>
    public (bool Revoked, DateTimeOffset? RevokedAt)? StatusOf(X509Certificate2 ca, string serialHex)
    {
        var serial = serialHex.Trim().ToUpperInvariant();
        var signatureCa = ca.RawData.AsSpan().SequenceEqual(SignatureCa.RawData);
        if (!Issued().Any(i => (signatureCa ? i.Signature : i.Authentication) == serial))
        {
            return null;
        }

        var revokedPath = Path.Combine(Directory, RevokedFile);
        var revokedAt = File.Exists(revokedPath)
            ? File.ReadAllLines(revokedPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("serial").GetString() == serial).Select(e => (DateTimeOffset?)e.GetProperty("revokedAt").GetDateTimeOffset()).FirstOrDefault()
            : null;
        return (revokedAt is not null, revokedAt);
    }

    private IEnumerable<(string Signature, string Authentication)> Issued()
    {
        var path = Path.Combine(Directory, IssuedFile);
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)
                .Select(e => (e.GetProperty("signatureSerial").GetString()!, e.GetProperty("authenticationSerial").GetString()!)).ToList()
            : [];
    }

    private void WriteCrls(DateTimeOffset now)
    {
        var revokedPath = Path.Combine(Directory, RevokedFile);
        var revoked = File.Exists(revokedPath)
            ? File.ReadAllLines(revokedPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)
                .Select(e => (Serial: e.GetProperty("serial").GetString()!, At: e.GetProperty("revokedAt").GetDateTimeOffset())).ToList()
            : [];
        var issued = Issued().ToList();
        var number = new System.Numerics.BigInteger(now.ToUnixTimeSeconds());
        foreach (var (ca, file, ofThisCa) in new[]
                 {
                     (SignatureCa, "signature.crl", (Func<string, bool>)(s => issued.Any(i => i.Signature == s))),
                     (AuthenticationCa, "authentication.crl", s => issued.Any(i => i.Authentication == s)),
                 })
        {
            var builder = new CertificateRevocationListBuilder();
            foreach (var (serial, at) in revoked.Where(r => ofThisCa(r.Serial)))
            {
                builder.AddEntry(Convert.FromHexString(serial), at, X509RevocationReason.Superseded);
            }

            var crl = builder.Build(ca, number, now.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, now.AddMinutes(-1));
            File.WriteAllBytes(Path.Combine(Directory, file), crl);
        }
    }

    private static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 ca, DateTimeOffset now, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40); // a positive INTEGER without a redundant leading byte
        return request.Create(ca, now.AddMinutes(-5), notAfter, serial);
    }

    /// <summary>subjectAltName with the JPKI otherNames: 氏名, its substitute flags, 性別, 生年月日 (EYYYYMMDD), 住所, its flags.</summary>
    private static X509Extension HolderNames(CardHolder holder)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            void OtherName(string oid, string value)
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    writer.WriteObjectIdentifier(oid);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
                    }
                }
            }

            OtherName(JpkiProfile.NameOid, holder.Name);
            OtherName(JpkiProfile.NameSubstituteFlagsOid, new string('0', holder.Name.Length));
            OtherName(JpkiProfile.SexOid, ((int)holder.Sex).ToString(CultureInfo.InvariantCulture));
            OtherName(JpkiProfile.BirthDateOid, $"{HolderAttributes.EraDigit(holder.BirthDate)}{holder.BirthDate:yyyyMMdd}");
            OtherName(JpkiProfile.AddressOid, holder.Address);
            OtherName(JpkiProfile.AddressSubstituteFlagsOid, new string('0', holder.Address.Length));
        }

        return new X509Extension("2.5.29.17", writer.Encode(), critical: false);
    }

    /// <summary>Until the day before the holder's fifth birthday after issue, as J-LIS sets it.</summary>
    private static DateTimeOffset FifthBirthdayAfter(DateOnly birthDate, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var birthdays = 0;
        var year = today.Year;
        DateOnly birthday;
        do
        {
            var day = Math.Min(birthDate.Day, DateTime.DaysInMonth(year, birthDate.Month));
            birthday = new DateOnly(year, birthDate.Month, day);
            if (birthday > today)
            {
                birthdays++;
            }

            year++;
        }
        while (birthdays < 5);

        return new DateTimeOffset(birthday.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9)).AddSeconds(-1);
    }

    /// <summary>A 23-character opaque id like the ones real cards carry as CN (22 here, plus S or A for the certificate).</summary>
    private static string OpaqueId()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        var bytes = RandomNumberGenerator.GetBytes(22);
        var builder = new StringBuilder(22);
        foreach (var b in bytes)
        {
            builder.Append(alphabet[b % alphabet.Length]);
        }

        return builder.ToString();
    }
}

/// <summary>The certificatePolicies extension: what a certificate is for, by policy OID.</summary>
public static class CertificatePolicies
{
    public const string Oid = "2.5.29.32";

    public static X509Extension Extension(params string[] policies)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var policy in policies)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(policy);
                }
            }
        }

        return new X509Extension(Oid, writer.Encode(), critical: true);
    }

    /// <summary>The policy OIDs of <paramref name="certificate"/>; empty when it has none or they cannot be read.</summary>
    public static IReadOnlyList<string> Of(X509Certificate2 certificate)
    {
        if (certificate.Extensions[Oid] is not { } extension)
        {
            return [];
        }

        try
        {
            var policies = new List<string>();
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var information = sequence.ReadSequence();
                policies.Add(information.ReadObjectIdentifier());
            }

            return policies;
        }
        catch (AsnContentException)
        {
            return [];
        }
    }
}
