using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

// Usage: LoadBench <base-url> <path> <body-file> <token> <connections> <seconds> [--rate N] [--retry-until-accepted] [--receipts FILE]
//        LoadBench <base-url> <path> <body-file> <token> <connections> 0 --replay FILE
// With --replay, every key of a receipts FILE (written by --receipts) is sent again with the same body, and each
// answer's receipt is compared with the one answered first (a restored database must answer the same).
// Each connection posts applications in a loop, each with its own Idempotency-Key. With --rate, requests are started
// at N a second whatever the answers (an open loop, as arrivals from many residents are), on at most <connections>
// connections at once; a request that finds them all busy waits for one. With --retry-until-accepted a
// request that got no 2xx answer (refused, 5xx, connection lost, timeout) is sent again with the same key and body
// after its Retry-After (or 1 s), as a well-behaved client does, and every key's receipt is written to FILE.
var (baseUrl, path, bodyFile, token) = (args[0], args[1], args[2], args[3]);
var connections = int.Parse(args[4], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[5], CultureInfo.InvariantCulture);
var retry = args.Contains("--retry-until-accepted");
var receiptsFile = args.SkipWhile(a => a != "--receipts").Skip(1).FirstOrDefault();
var rate = args.SkipWhile(a => a != "--rate").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault();
var body = await File.ReadAllBytesAsync(bodyFile);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    BaseAddress = new Uri(baseUrl),
    Timeout = TimeSpan.FromSeconds(30), // "never a timeout without an answer": anything slower counts as a timeout
};
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

var results = new ConcurrentBag<(int Status, double Ms, bool RetryAfter)>();
var receipts = new ConcurrentDictionary<string, string>();
var replayed = 0;
var run = $"{DateTime.UtcNow:HHmmss}-{Environment.ProcessId}";
var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
var clock = Stopwatch.StartNew();

var replayFile = args.SkipWhile(a => a != "--replay").Skip(1).FirstOrDefault();
if (replayFile is not null)
{
    var expected = (await File.ReadAllLinesAsync(replayFile)).Select(l => l.Split('\t')).Where(p => p.Length == 2).ToList();
    var same = 0;
    var different = 0;
    var unanswered = 0;
    var replayedAgain = 0;
    await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = connections }, async (pair, _) =>
    {
        var (status, _, _, receipt, wasReplayed) = await PostAsync(pair[0]);
        if (status is < 200 or >= 300)
        {
            Interlocked.Increment(ref unanswered);
            return;
        }

        Interlocked.Increment(ref receipt == pair[1] ? ref same : ref different);
        if (wasReplayed)
        {
            Interlocked.Increment(ref replayedAgain);
        }
    });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"REPLAY keys={expected.Count} same={same} replayed={replayedAgain} different={different} not_2xx={unanswered}"));
    return;
}

if (rate > 0)
{
    // Open loop: the i-th request starts at i / rate seconds; the connections bound how many are in flight.
    var slots = new SemaphoreSlim(connections);
    var inFlight = new List<Task>();
    for (var i = 0; Stopwatch.GetTimestamp() < stopAt; i++)
    {
        var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due);
        }

        await slots.WaitAsync();
        var key = $"{run}-r-{i}";
        inFlight.Add(Task.Run(async () =>
        {
            try
            {
                await SendUntilDoneAsync(key);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    await Task.WhenAll(inFlight);
}
else
{
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
    {
        var n = 0;
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            await SendUntilDoneAsync($"{run}-{c}-{++n}");
        }
    }));
}

var elapsed = clock.Elapsed.TotalSeconds;
var all = results.ToList();
var accepted = all.Where(r => r.Status is >= 200 and < 300).Select(r => r.Ms).Order().ToList();
var refused = all.Where(r => r.Status is 429 or 503).ToList();
var failed = all.Where(r => r.Status is not (>= 200 and < 300) and not 429 and not 503).ToList();
double P(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
string Ms(double value) => double.IsNaN(value) ? "—" : value.ToString("0.0", CultureInfo.InvariantCulture);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"LOAD seconds={elapsed:0.0} requests={all.Count} accepted={accepted.Count} accepted_per_s={accepted.Count / elapsed:0.0} " +
    $"refused={refused.Count} refused_with_retry_after={refused.Count(r => r.RetryAfter)} other={failed.Count} " +
    $"other_statuses={string.Join('/', failed.GroupBy(f => f.Status).Select(g => $"{g.Key}x{g.Count()}"))} " +
    $"accepted_p50={Ms(P(accepted, 50))} accepted_p90={Ms(P(accepted, 90))} accepted_p99={Ms(P(accepted, 99))} " +
    $"refused_p99={Ms(P(refused.Select(r => r.Ms).Order().ToList(), 99))} keys={receipts.Count} replayed={replayed}"));
if (receiptsFile is not null)
{
    await File.WriteAllLinesAsync(receiptsFile, receipts.Select(r => $"{r.Key}\t{r.Value}"));
}

// One application: sent, and with --retry-until-accepted sent again with the same key until a 2xx answer.
async Task SendUntilDoneAsync(string key)
{
    while (true)
    {
        var (status, ms, retryAfter, receipt, wasReplayed) = await PostAsync(key);
        results.Add((status, ms, retryAfter is not null));
        if (status is >= 200 and < 300)
        {
            if (receipt is not null && receipts.TryGetValue(key, out var earlier) && earlier != receipt)
            {
                Console.Error.WriteLine($"KEY {key} answered with two receipts: {earlier} and {receipt}");
            }

            receipts[key] = receipt ?? string.Empty;
            if (wasReplayed)
            {
                Interlocked.Increment(ref replayed);
            }

            return;
        }

        if (!retry)
        {
            return;
        }

        await Task.Delay(retryAfter ?? TimeSpan.FromSeconds(1));
    }
}

async Task<(int Status, double Ms, TimeSpan? RetryAfter, string? Receipt, bool Replayed)> PostAsync(string key)
{
    var started = Stopwatch.GetTimestamp();
    try
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var retryAfter = response.Headers.RetryAfter?.Delta;
        string? receipt = null;
        if (response.IsSuccessStatusCode)
        {
            receipt = JsonNode.Parse(text)?["receiptNumber"]?.GetValue<string>();
        }

        return ((int)response.StatusCode, ms, retryAfter, receipt, response.Headers.Contains("Idempotent-Replayed"));
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
    {
        // No answer: the connection was refused or lost (a crashed instance), or the answer took longer than 30 s.
        return (ex is TaskCanceledException ? 0 : -1, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null, null, false);
    }
}
