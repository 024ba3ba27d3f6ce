namespace Madoguchi.Features.OpenData.Catalog;

/// <summary>Settings of the open-data catalog (section <c>OpenData</c>).</summary>
public sealed class OpenDataOptions
{
    /// <summary>
    /// A CSV upload up to this size is loaded into the datastore in the upload request itself; a larger one by the
    /// outbox worker in the background (every upload is queued either way).
    /// </summary>
    public long DatastoreInlineBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The 課 that publishes the platform's own statistics (the DX office's).</summary>
    public string StatisticsDepartment { get; set; } = "kikaku";

    /// <summary>The group (theme) the statistics datasets join when the catalog has it: くらし・行政・統計 in the demo.</summary>
    public string StatisticsGroup { get; set; } = "kurashi";

    /// <summary>A count below this is published as "X", so that no person can be picked out of a small group.</summary>
    public int StatisticsMinimumCount { get; set; } = 5;

    /// <summary>
    /// How long one open (anonymous) CSV check or conversion may work, in seconds: past it the report says the check
    /// stopped. Together with the rate limit per client this bounds what anyone can make the platform spend.
    /// </summary>
    public int OpenCheckSeconds { get; set; } = 60;

    public TimeSpan OpenCheckBudget => TimeSpan.FromSeconds(OpenCheckSeconds);

    /// <summary>The daily work (statistics, unused datastore tables) in the background; off in tests, which run it on purpose.</summary>
    public bool DailyWorkerEnabled { get; set; } = true;
}
