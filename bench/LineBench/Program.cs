// LINE segment campaigns at scale and the webhook's throughput (issue 19), on the engine the environment names
// (Database__Provider, ConnectionStrings__Madoguchi, MADOGUCHI_DATA_DIR, as the platform reads them):
//   dotnet bench/LineBench/bin/Release/net10.0/LineBench.dll [segment] [port]
// The platform runs on Kestrel with its local LINE server (LINE's limits: multicast 200 requests a second). Friends are
// made in bulk (bench set-up): [segment] in 五所川原 and 金木 who make the segment, and a quarter as many in 市浦 who do not.
// 1. Resolved and queued: a campaign to the segment is asked for (the live count, the state) and its recipients fixed
//    in chunks of 500 with their retry keys (the sender's first step), against reading the same friends' ids with the
//    same query in the same run (the least any snapshot must do). Median of three.
// 2. Sent: the same campaign delivered through the outbox against the local LINE server, over HTTP, with its limits on:
//    recipients and multicasts a second against LINE's limit (200 multicasts, 100,000 recipients a second).
// 3. The webhook: signed message events (each its own webhookEventId; each queues an answer) posted by 8 connections for
//    10 s, against GET /healthz by the same connections in the same run.
// Prints Markdown rows.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Madoguchi;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Notifications.Campaigns;
using Madoguchi.Features.Notifications.Line;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

var segmentSize = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var port = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5193;
const string secret = "8c570fa6dd201bb328f1c1eac23a96d8";
var site = $"http://127.0.0.1:{port}";
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls(site);
builder.Configuration["Line:Sandbox"] = "true";
builder.Configuration["Line:ChannelSecret"] = secret;
builder.Configuration["Line:ChannelAccessToken"] = "bench-token";
builder.Configuration["Line:ApiBaseUrl"] = site;
builder.Configuration["Outbox:WorkerEnabled"] = "false";
builder.Configuration["Site:PublicBaseUrl"] = site;
var settings = MadoguchiSettings.Load(builder.Configuration, builder.Environment.ContentRootPath);
builder.AddMadoguchi(settings);
await using var app = builder.Build();
await using (var scope = app.Services.CreateAsyncScope())
{
    await DatabaseSetup.MigrateAsync(scope.ServiceProvider);
}

app.UseMadoguchi();
await app.StartAsync();
var engine = builder.Configuration["Database:Provider"] ?? "Sqlite";

var setup = Stopwatch.StartNew();
var random = new Random(22055);
string[] interests = ["kosodate", "bousai", "kenkou", "fukushi", "event", "gomi", "kankou"];
var total = segmentSize + segmentSize / 4;
foreach (var chunk in Enumerable.Range(0, total).Chunk(5000))
{
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
    db.AddRange(chunk.Select(i => new LineSubscriber
    {
        Id = Guid.CreateVersion7(), LineUserId = "U" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Following = true,
        FirstFollowedAt = DateTime.UtcNow, StateAt = DateTime.UtcNow, Area = i < segmentSize ? (i % 5 == 0 ? "kanagi" : "goshogawara") : "shiura",
        Interests = interests[random.Next(interests.Length)], ConsentVersion = 1, ConsentedAt = DateTime.UtcNow,
    }));
    await db.SaveChangesAsync();
}

setup.Stop();
var writer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Role, StaffRoles.Publicity)], "bench"));
var approver = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "bench-2"), new Claim(ClaimTypes.Role, StaffRoles.Publicity)], "bench"));
var segment = new Segment(["goshogawara", "kanagi"], [], []);

async Task<LineCampaign> AskAsync(string title)
{
    await using var scope = app.Services.CreateAsyncScope();
    var campaigns = scope.ServiceProvider.GetRequiredService<Campaigns>();
    var saved = (await campaigns.SaveAsync(writer, null, null, new CampaignDraft(title, "ベンチマークの配信です。", null, null, segment.Areas, [], [], null), false, CancellationToken.None)).Value!;
    var asked = (await campaigns.SubmitAsync(writer, saved.Id, saved.Revision, CancellationToken.None)).Value!;
    return asked.Status == CampaignStatus.AwaitingApproval ? (await campaigns.ApproveAsync(approver, asked.Id, asked.Revision, CancellationToken.None)).Value! : asked;
}

// The sender's first step only: LINE unreachable, so the run fixes the recipients and stops at the first send.
async Task FixAsync(Guid campaignId)
{
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
    var message = await db.OutboxMessages.AsNoTracking().Where(m => m.Kind == CampaignDelivery.Kind && m.Payload.Contains(campaignId.ToString())).FirstAsync();
    var unreachable = new LineClient(new Unreachable(), scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LineOptions>>());
    var sender = new CampaignDelivery(db, unreachable, scope.ServiceProvider.GetRequiredService<Outbox>(), scope.ServiceProvider.GetRequiredService<Madoguchi.Platform.Audit.AuditTrail>(),
        TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<CampaignDelivery>.Instance);
    try
    {
        await sender.HandleAsync(message, CancellationToken.None);
    }
    catch (InvalidOperationException)
    {
        // LINE "did not answer": the recipients are fixed, as wanted.
    }
}

async Task<double> ReadIdsAsync()
{
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
    var watch = Stopwatch.StartNew();
    var ids = await segment.Apply(db.Set<LineSubscriber>().AsNoTracking()).OrderBy(s => s.Id).Select(s => s.LineUserId).ToListAsync();
    watch.Stop();
    return ids.Count == segmentSize ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"read {ids.Count}");
}

await ReadIdsAsync(); // warm-up
var resolved = new List<double>();
var baseline = new List<double>();
for (var round = 0; round < 3; round++)
{
    baseline.Add(await ReadIdsAsync());
    var watch = Stopwatch.StartNew();
    var campaign = await AskAsync($"ベンチマーク {round}");
    await FixAsync(campaign.Id);
    watch.Stop();
    resolved.Add(watch.Elapsed.TotalMilliseconds);
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
    var fixedCount = await db.Set<LineCampaignChunk>().Where(c => c.CampaignId == campaign.Id).SumAsync(c => c.Count);
    if (fixedCount != segmentSize)
    {
        throw new InvalidOperationException($"fixed {fixedCount} recipients, expected {segmentSize}");
    }

    await scope.ServiceProvider.GetRequiredService<Campaigns>().CancelAsync(writer, campaign.Id, (await db.Set<LineCampaign>().AsNoTracking().SingleAsync(c => c.Id == campaign.Id)).Revision, CancellationToken.None);
}

double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
var label = engine == "PostgreSql" ? "PostgreSQL" : "SQLite";
Console.WriteLine($"| {label} | a segment of {segmentSize:N0} friends resolved and queued (asked for, counted, fixed in {segmentSize / CampaignDelivery.ChunkSize} chunks of 500 with their retry keys; median of 3) | {Median(resolved):N0} ms | reading the same {segmentSize:N0} ids: {Median(baseline):N0} ms | {Median(resolved) / Median(baseline):N1} |");

// 2. Sending through the outbox against the local LINE server over HTTP.
var sending = await AskAsync("ベンチマーク 送信");
var sendWatch = Stopwatch.StartNew();
for (var i = 0; i < 100_000; i++)
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().ProcessBatchAsync("bench", CancellationToken.None);
    var status = await scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>().Set<LineCampaign>().AsNoTracking().Where(c => c.Id == sending.Id).Select(c => c.Status).SingleAsync();
    if (status is CampaignStatus.Sent or CampaignStatus.Paused)
    {
        break;
    }

    await Task.Delay(20);
}

sendWatch.Stop();
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
    var accepted = await db.Set<LineCampaignChunk>().Where(c => c.CampaignId == sending.Id && c.Status == ChunkStatus.Accepted).SumAsync(c => c.Count);
    var requests = await db.Set<LineCampaignChunk>().CountAsync(c => c.CampaignId == sending.Id && c.Status == ChunkStatus.Accepted);
    var seconds = sendWatch.Elapsed.TotalSeconds;
    Console.WriteLine($"| {label} | sent through the outbox to the local LINE server over HTTP, its limit on (multicast 200/s) | {accepted / seconds:N0} recipients/s ({requests / seconds:N0} multicasts/s; {accepted:N0} in {seconds:N1} s) | LINE's limit: 100,000 recipients/s (200 multicasts/s) | {accepted / seconds / 100_000:N2} |");
}

// 3. The webhook's throughput against /healthz.
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = new Uri(site) };
async Task<double> RateAsync(Func<Task<HttpResponseMessage>> send, TimeSpan duration)
{
    var count = 0;
    var failures = 0;
    var until = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
    {
        while (until.Elapsed < duration)
        {
            using var response = await send();
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref count);
            }
            else
            {
                Interlocked.Increment(ref failures);
            }
        }
    }));
    return failures > 0 ? throw new InvalidOperationException($"{failures} requests failed") : count / duration.TotalSeconds;
}

var friends = await app.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<MadoguchiDbContext>().Set<LineSubscriber>().AsNoTracking().Select(s => s.LineUserId).Take(1000).ToListAsync();
var sequence = 0;
Task<HttpResponseMessage> PostEventAsync()
{
    var n = Interlocked.Increment(ref sequence);
    var body = new System.Text.Json.Nodes.JsonObject
    {
        ["destination"] = "Ubench",
        ["events"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "message", ["mode"] = "active", ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ["webhookEventId"] = $"01BENCH{n:D19}",
            ["deliveryContext"] = new System.Text.Json.Nodes.JsonObject { ["isRedelivery"] = false },
            ["source"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "user", ["userId"] = friends[n % friends.Count] },
            ["replyToken"] = Guid.NewGuid().ToString("N"),
            ["message"] = new System.Text.Json.Nodes.JsonObject { ["id"] = n.ToString(CultureInfo.InvariantCulture), ["type"] = "text", ["quoteToken"] = "q", ["text"] = "ごみの日を教えて" },
        }),
    }.ToJsonString();
    var bytes = Encoding.UTF8.GetBytes(body);
    var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/line") { Content = new ByteArrayContent(bytes) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    request.Headers.Add("X-Line-Signature", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes)));
    return http.SendAsync(request);
}

await RateAsync(PostEventAsync, TimeSpan.FromSeconds(3)); // warm-up
await RateAsync(() => http.GetAsync("/healthz"), TimeSpan.FromSeconds(3));
var health = await RateAsync(() => http.GetAsync("/healthz"), TimeSpan.FromSeconds(10));
var webhook = await RateAsync(PostEventAsync, TimeSpan.FromSeconds(10));
Console.WriteLine($"| {label} | signed webhook calls a second (a message event each, taken once and its answer queued; 8 connections) | {webhook:N0}/s | GET /healthz: {health:N0}/s | {webhook / health:N2} |");
Console.Error.WriteLine($"set-up: {total:N0} friends in {setup.Elapsed.TotalSeconds:N1} s");
await app.StopAsync();

/// <summary>A LINE that never answers, for the sender's first step alone.</summary>
internal sealed class Unreachable : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new(new Handler());

    private sealed class Handler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("unreachable");
    }
}
