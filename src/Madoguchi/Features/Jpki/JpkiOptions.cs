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
    /// Whether test-card policies (and the local test CA in <c>&lt;data&gt;/jpki/test-ca</c>) are accepted. Null: only in
    /// demo mode. A production deployment leaves it off, and then a test card is refused even if its CA were trusted.
    /// </summary>
    public bool? AcceptTestCards { get; set; }
}
