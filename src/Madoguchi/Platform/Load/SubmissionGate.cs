using System.Threading.RateLimiting;

namespace Madoguchi.Platform.Load;

/// <summary>
/// How much writing work one instance takes at a time. Past <see cref="SubmissionGateOptions.Concurrency"/> running and
/// <see cref="SubmissionGateOptions.Queue"/> waiting, more work is turned away at once with a clear answer and a time to
/// come back, instead of queueing until every request is slow and some time out: accepted requests stay fast, and a
/// refused one has changed nothing (it is refused before any work), so trying again is always safe.
/// </summary>
public sealed class SubmissionGate : IDisposable
{
    private readonly ConcurrencyLimiter limiter;

    public SubmissionGate(Microsoft.Extensions.Options.IOptions<SubmissionGateOptions> options)
    {
        Options = options.Value;
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, Options.Concurrency),
            QueueLimit = Math.Max(0, Options.Queue),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public SubmissionGateOptions Options { get; }

    /// <summary>A permit to do the work (dispose it when done), or a refused lease when the instance is full.</summary>
    public ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellationToken) => limiter.AcquireAsync(1, cancellationToken);

    /// <summary>The <c>Retry-After</c> a refused caller is given, in seconds.</summary>
    public string RetryAfter => Options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => limiter.Dispose();
}

/// <summary>Settings <c>Load__Concurrency</c>, <c>Load__Queue</c>, <c>Load__RetryAfterSeconds</c> (per instance).</summary>
public sealed class SubmissionGateOptions
{
    /// <summary>Submissions worked on at once (each holds a database connection for its short transaction).</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>Submissions that may wait for a place; past this they are refused at once.</summary>
    public int Queue { get; set; } = 32;

    public int RetryAfterSeconds { get; set; } = 5;
}
