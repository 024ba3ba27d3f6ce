using System.Net;
using System.Text;
using System.Text.Json;
using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Records;

namespace Madoguchi.Tests.Residents;

/// <summary>
/// A local 住民記録 system's change API, as docs/resident-link.openapi.yaml describes it: a bearer token, pages of
/// history records in processing order after an opaque cursor, <c>hasMore</c> while more follow; and the failures a real
/// one has, queued by the test (503, 429 with Retry-After, a page the register cannot give twice the same way).
/// </summary>
public sealed class LocalResidentRegister(string token) : HttpMessageHandler
{
    private readonly List<ResidentRecordData> records = [];
    private readonly Queue<HttpStatusCode> failures = new();

    public int Requests { get; private set; }

    public List<string?> CursorsAsked { get; } = [];

    public void Add(IEnumerable<ResidentRecordData> more)
    {
        lock (records)
        {
            records.AddRange(more);
            records.Sort((a, b) => Key(a).CompareTo(Key(b)));
        }
    }

    public void FailNext(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses)
        {
            failures.Enqueue(status);
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        if (request.Headers.Authorization is not { Scheme: "Bearer" } auth || auth.Parameter != token)
        {
            return Task.FromResult(Json(HttpStatusCode.Unauthorized, new { title = "invalid token" }));
        }

        if (request.Method != HttpMethod.Get || request.RequestUri!.AbsolutePath != "/api/v1/residents/changes")
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }

        if (failures.TryDequeue(out var failure))
        {
            var response = Json(failure, new { title = "temporarily unavailable" });
            if (failure == HttpStatusCode.TooManyRequests)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            }

            return Task.FromResult(response);
        }

        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
        var limit = int.TryParse(query["limit"], out var l) ? l : 100;
        if (limit is < 1 or > 5000)
        {
            return Task.FromResult(Json(HttpStatusCode.BadRequest, new { title = "limit must be 1 to 5000" }));
        }

        var since = query["since"];
        CursorsAsked.Add(since);
        List<ResidentRecordData> after;
        lock (records)
        {
            var from = since is null ? string.Empty : Encoding.UTF8.GetString(Convert.FromBase64String(since));
            after = records.Where(r => string.CompareOrdinal(Key(r), from) > 0).ToList();
        }

        var page = after.Take(limit).ToList();
        var next = page.Count > 0 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(Key(page[^1]))) : since;
        return Task.FromResult(Json(HttpStatusCode.OK, new ResidentChangePage
        {
            Records = page.Select(ResidentChangeItem.From).ToList(),
            Next = next,
            HasMore = after.Count > page.Count,
        }));
    }

    /// <summary>Processing order: 処理日時, then the record's key (what a real register's cursor would hold).</summary>
    private static string Key(ResidentRecordData r) =>
        $"{r.ProcessedAt:yyyy-MM-ddTHH:mm:ss.fffffff}|{r.AtenaNumber}|{r.HistoryNumber:D6}";

    private static HttpResponseMessage Json(HttpStatusCode status, object body) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(body, ResidentChangePage.Json), Encoding.UTF8, "application/json"),
    };
}
