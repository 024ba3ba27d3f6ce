namespace Madoguchi.Features.Jpki;

/// <summary>Where JPKI trust comes from (configuration section <c>Jpki</c>).</summary>
public sealed class JpkiOptions
{
    /// <summary>
    /// Trust anchors per purpose: <c>signature/</c> and <c>authentication/</c> under this directory, each holding the
    /// CA certificates (DER or PEM) of the environment: production JPKI, JPKI test cards, or a local test CA.
    /// </summary>
    public string? TrustAnchorsPath { get; set; }

    /// <summary>CRL files (DER or PEM), re-read when they change; see <see cref="CrlRefreshSeconds"/>.</summary>
    public string? CrlPath { get; set; }

    public int CrlRefreshSeconds { get; set; } = 300;

    /// <summary>
    /// Which revocation sources answer, in the order asked, comma-separated: <c>crl</c> (files), <c>ocsp</c> (a responder),
    /// <c>platform</c> (a プラットフォーム事業者's API). The first that says good or revoked decides.
    /// </summary>
    public string RevocationSources { get; set; } = "crl";

    public IReadOnlyList<string> RevocationSourceNames =>
        RevocationSources.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToList();

    public OcspOptions Ocsp { get; set; } = new();

    /// <summary>Where pages find the resident's card client (the card bridge; docs/card-bridge.md). Loopback only.</summary>
    public string BridgeUrl { get; set; } = CardBridgeProtocol.DefaultUrl;

    public PlatformOptions Platform { get; set; } = new();

    /// <summary>
    /// Whether test-card policies (and the local test CA in <c>&lt;data&gt;/jpki/test-ca</c>) are accepted. Null: only in
    /// demo mode. A production deployment leaves it off, and then a test card is refused even if its CA were trusted.
    /// </summary>
    public bool? AcceptTestCards { get; set; }
}

/// <summary>The OCSP client (section <c>Jpki:Ocsp</c>).</summary>
public sealed class OcspOptions
{
    /// <summary>
    /// The responder to ask; when empty, the one the certificate names in its Authority Information Access (J-LIS's
    /// authentication certificates name <c>http://ocspauthnorm.jpki.go.jp</c>).
    /// </summary>
    public string? ResponderUrl { get; set; }

    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>How old a response's thisUpdate may be (a responder that serves stale answers is not believed).</summary>
    public int MaxAgeSeconds { get; set; } = 86_400;

    /// <summary>Whether the responder must echo the request's nonce (RFC 8954); when it does echo one, it must match anyway.</summary>
    public bool RequireNonce { get; set; }
}

/// <summary>A プラットフォーム事業者's validity-check API (section <c>Jpki:Platform</c>); see docs/jpki.md.</summary>
public sealed class PlatformOptions
{
    public string? BaseUrl { get; set; }

    /// <summary>The bearer key the operator issued to the city (a secret: set it from the environment, not a file).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Who the city is to the operator (<c>sender</c> in the request envelope).</summary>
    public string SenderId { get; set; } = "madoguchi";

    public int TimeoutSeconds { get; set; } = 5;
}
