namespace Madoguchi.Features.Residents.Link;

/// <summary>
/// Settings of the pull from the 住民記録 system (section <c>ResidentLink</c>): where its change API is, the token it
/// gave Madoguchi, and how often and how much to ask. Without <see cref="BaseUrl"/> nothing is pulled and records come
/// only by file.
/// </summary>
public sealed class ResidentLinkOptions
{
    public const string HttpClientName = "resident-link";

    /// <summary>The API's base URL (<c>ResidentLink__BaseUrl</c>), e.g. https://jyuki.lgwan.example/api/v1/.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The bearer token the 住民記録 system issued to Madoguchi (<c>ResidentLink__ApiToken</c>).</summary>
    public string? ApiToken { get; set; }

    /// <summary>The source's name in the audit trail and the link status.</summary>
    public string SourceName { get; set; } = "住民記録システム";

    /// <summary>Records asked for per page (at most 5,000).</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>Whether the background worker pulls on its own (the <c>residents pull</c> command works either way).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Minutes between pulls by the background worker.</summary>
    public int IntervalMinutes { get; set; } = 15;

    /// <summary>Attempts per page when the source answers 429 or 5xx or cannot be reached.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first wait before a retry; each further retry waits twice as long (a 429's Retry-After wins).</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 1000;

    /// <summary>Pages taken in one run at most, so that one run ends; the next run continues from the cursor.</summary>
    public int MaxPagesPerRun { get; set; } = 1000;
}
