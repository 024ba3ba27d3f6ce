using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Residents.Link;

/// <summary>What one pull did: pages taken, records received and added, and why it stopped early, if it did.</summary>
public sealed record ResidentPullReport(int Pages, int Received, int Added, int CurrentChanged, string? Stopped, IReadOnlyList<ResidentProblem> Problems)
{
    public bool Completed => Stopped is null;
}

/// <summary>
/// The pull from the 住民記録 system's change API (docs/resident-link.openapi.yaml), as the standard's data linkage
/// expects a PULL by default: pages of history records after the cursor Madoguchi last took, each page taken through
/// the one import operation with the cursor that follows it, so a crash or a refusal resumes at the first page not
/// taken. 429 waits for its Retry-After, 5xx and network failures back off and retry; anything else stops the run.
/// </summary>
public sealed class ResidentPull(
    IHttpClientFactory http, IOptions<ResidentLinkOptions> options, MadoguchiDbContext db, ResidentImport import, TimeProvider clock,
    IStringLocalizer<Resources.Messages> t, ILogger<ResidentPull> logger)
{
    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.BaseUrl);

    public async Task<ResidentPullReport> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!Configured)
        {
            return new(0, 0, 0, 0, t["Residents.Pull.NotConfigured"], []);
        }

        var source = settings.SourceName;
        var cursor = await db.Set<ResidentLinkCursor>().AsNoTracking().Where(c => c.Source == source).Select(c => c.Cursor).SingleOrDefaultAsync(cancellationToken);
        var (pages, received, added, changed) = (0, 0, 0, 0);
        while (pages < settings.MaxPagesPerRun)
        {
            var (page, failure) = await FetchAsync(settings, cursor, cancellationToken);
            if (page is null)
            {
                return new(pages, received, added, changed, failure, []);
            }

            var items = page.Records ?? [];
            var problems = new List<ResidentProblem>();
            var batch = new List<(int, IncomingResidentRecord)>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].Sex is not (1 or 2))
                {
                    problems.Add(new(i + 1, ResidentItems.Sex, t["Residents.Pull.Sex"]));
                }

                batch.Add((i + 1, items[i].ToRecord()));
            }

            if (problems.Count > 0)
            {
                return new(pages, received, added, changed, t["Residents.Pull.Refused", pages + 1], problems);
            }

            if (items.Count == 0 && page.Next == cursor)
            {
                break; // nothing new
            }

            var report = await import.ApplyAsync(source, batch, page.Next ?? cursor, cancellationToken);
            if (!report.Applied)
            {
                return new(pages, received, added, changed, t["Residents.Pull.Refused", pages + 1], report.Problems);
            }

            pages++;
            (received, added, changed) = (received + report.Received, added + report.Added, changed + report.CurrentChanged);
            cursor = page.Next ?? cursor;
            if (!page.HasMore)
            {
                break;
            }
        }

        return new(pages, received, added, changed, null, []);
    }

    private async Task<(ResidentChangePage? Page, string? Failure)> FetchAsync(ResidentLinkOptions settings, string? cursor, CancellationToken cancellationToken)
    {
        var client = http.CreateClient(ResidentLinkOptions.HttpClientName);
        var baseUrl = settings.BaseUrl!.EndsWith('/') ? settings.BaseUrl : settings.BaseUrl + "/";
        var url = new Uri(new Uri(baseUrl), $"residents/changes?limit={Math.Clamp(settings.PageSize, 1, 5000)}" + (cursor is null ? string.Empty : "&since=" + Uri.EscapeDataString(cursor)));
        var delay = TimeSpan.FromMilliseconds(settings.RetryBaseDelayMilliseconds);
        string failure = string.Empty;
        for (var attempt = 1; attempt <= Math.Max(1, settings.MaxAttempts); attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (!string.IsNullOrEmpty(settings.ApiToken))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiToken);
            }

            TimeSpan? wait;
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    try
                    {
                        var page = await response.Content.ReadFromJsonAsync<ResidentChangePage>(ResidentChangePage.Json, cancellationToken);
                        return page is null ? (null, t["Residents.Pull.NotJson"]) : (page, null);
                    }
                    catch (JsonException)
                    {
                        return (null, t["Residents.Pull.NotJson"]);
                    }
                }

                failure = t["Residents.Pull.Status", (int)response.StatusCode];
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    wait = RetryAfter(response) ?? delay;
                }
                else if ((int)response.StatusCode >= 500)
                {
                    wait = delay;
                }
                else
                {
                    return (null, failure); // 4xx: retrying would only repeat the refusal
                }
            }
            catch (HttpRequestException ex)
            {
                failure = t["Residents.Pull.Unreachable"];
                logger.LogWarning("The resident link's source could not be reached: {Error}", ex.HttpRequestError);
                wait = delay;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = t["Residents.Pull.Unreachable"];
                wait = delay;
            }

            if (attempt < settings.MaxAttempts)
            {
                await Task.Delay(wait.Value, clock, cancellationToken);
                delay *= 2;
            }
        }

        return (null, failure);
    }

    /// <summary>A 429's Retry-After (seconds or a date), at most a minute.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - clock.GetUtcNow() : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, TimeSpan.FromMinutes(1).Ticks)) : null;
    }
}
