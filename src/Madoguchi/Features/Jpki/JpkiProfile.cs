namespace Madoguchi.Features.Jpki;

/// <summary>
/// The JPKI certificate profile as Madoguchi checks and issues it (../shared/reference/identity.md §3; decision 0006).
/// </summary>
public static class JpkiProfile
{
    /// <summary>certificatePolicies of 署名用電子証明書 on production cards.</summary>
    public const string SignaturePolicy = "1.2.392.200149.8.5.1.1.20";

    /// <summary>certificatePolicies of 署名用電子証明書 on JPKI test cards.</summary>
    public const string SignatureTestPolicy = "1.2.392.200149.8.5.1.0.20";

    /// <summary>certificatePolicies of 利用者証明用電子証明書 on production cards (decoded from a real certificate).</summary>
    public const string AuthenticationPolicy = "1.2.392.200149.8.5.1.3.30";

    /// <summary>
    /// certificatePolicies of 利用者証明用電子証明書 on test cards. Not published: assumed by analogy with the signature
    /// policies (production .1.1.20, test .1.0.20 → production .1.3.30, test .1.2.30); configuration can change it.
    /// </summary>
    public const string AuthenticationTestPolicy = "1.2.392.200149.8.5.1.2.30";

    /// <summary>The subjectAltName otherName types of the signature certificate: 基本4情報 and substitute-character flags.</summary>
    public const string NameOid = "1.2.392.200149.8.5.5.1";
    public const string NameSubstituteFlagsOid = "1.2.392.200149.8.5.5.2";
    public const string SexOid = "1.2.392.200149.8.5.5.3";
    public const string BirthDateOid = "1.2.392.200149.8.5.5.4";
    public const string AddressOid = "1.2.392.200149.8.5.5.5";
    public const string AddressSubstituteFlagsOid = "1.2.392.200149.8.5.5.6";

    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>The organisation of certificates issued by Madoguchi's local test CA (never trusted in production).</summary>
    public const string LocalTestOrganisation = "LOCAL-JPKI-TEST";
}
