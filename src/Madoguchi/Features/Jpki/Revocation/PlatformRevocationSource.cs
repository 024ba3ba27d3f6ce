using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Jpki;

/// <summary>
/// The request and answer of a プラットフォーム事業者's validity check (有効性確認), in the envelope the published
/// example platform API uses (<c>requestInfo</c>/<c>responseInfo</c> with a transaction id, <c>status</c> SUCCESS or
/// FAILED with <c>errorInfo</c>). Operators differ in paths and extras; docs/jpki.md describes this shape and how to
/// adapt it.
/// </summary>
public static class PlatformProtocol
{
    public const string VerifyPath = "verify/certificate";
    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public sealed record Envelope(string TransactionId, string Recipient, string Sender, string Ts);

    public sealed record VerifyRequest(Envelope RequestInfo, string CertificateType, string Certificate);

    public sealed record ErrorInfo(string Reason, string Message);

    /// <summary>The envelope's <c>status</c> object: <c>{"status": "SUCCESS"}</c> or FAILED with <c>errorInfo</c>.</summary>
    public sealed record Outcome([property: JsonPropertyName("status")] string Value, ErrorInfo? ErrorInfo = null);

    /// <summary><c>certificateStatus</c>: GOOD, REVOKED or UNKNOWN (a certificate the operator cannot place).</summary>
    public sealed record VerifyResponse(Envelope? ResponseInfo, Outcome Status, string? CertificateStatus, DateTimeOffset? RevokedAt, DateTimeOffset? CheckedAt);

    public static string Timestamp(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}

/// <summary>
/// Revocation through a プラットフォーム事業者: the certificate is sent with the city's bearer key; the operator checks it
/// against J-LIS's revocation data and says GOOD or REVOKED. Its failures (401 for a wrong key, 400, 500, 503 in
/// maintenance, a timeout, an answer for another transaction) make the result unknown with the reason, never good.
/// </summary>
public sealed class PlatformRevocationSource(IHttpClientFactory http, IOptions<JpkiOptions> options, TimeProvider clock, ILogger<PlatformRevocationSource> log) : IRevocationSource
{
    private const string Source = "platform";

    public async Task<RevocationResult> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value.Platform;
        if (settings.BaseUrl is not { Length: > 0 } baseUrl)
        {
            return Unknown(now, "no platform operator is configured (Jpki:Platform:BaseUrl)");
        }

        var transaction = Guid.NewGuid().ToString();
        var isSignature = CertificatePolicies.Of(certificate).Any(p => p is JpkiProfile.SignaturePolicy or JpkiProfile.SignatureTestPolicy);
        var body = new PlatformProtocol.VerifyRequest(
            new PlatformProtocol.Envelope(transaction, "JPKI", settings.SenderId, PlatformProtocol.Timestamp(now)),
            isSignature ? "sign" : "user", Convert.ToBase64String(certificate.RawData));
        var endpoint = new Uri(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), PlatformProtocol.VerifyPath);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)));
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(body, options: PlatformProtocol.Json) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey ?? "");
            using var response = await http.CreateClient(OcspRevocationSource.HttpClientName).SendAsync(request, timeout.Token);
            PlatformProtocol.VerifyResponse? answer;
            try
            {
                answer = await response.Content.ReadFromJsonAsync<PlatformProtocol.VerifyResponse>(PlatformProtocol.Json, timeout.Token);
            }
            catch (JsonException)
            {
                answer = null;
            }

            if (!response.IsSuccessStatusCode || answer is null)
            {
                var reason = answer?.Status?.ErrorInfo is { } error ? $"{error.Reason} {error.Message}" : $"HTTP {(int)response.StatusCode}";
                return Unknown(now, $"the platform operator refused: {reason}");
            }

            if (answer.ResponseInfo?.TransactionId != transaction || answer.Status.Value != PlatformProtocol.Success)
            {
                return Unknown(now, "the platform operator answered another transaction or did not succeed");
            }

            var detail = $"{endpoint.Host}, transaction {transaction}";
            return answer.CertificateStatus switch
            {
                "GOOD" => new RevocationResult(RevocationStatus.Good, Source, now, answer.CheckedAt, detail),
                "REVOKED" => new RevocationResult(RevocationStatus.Revoked, Source, now, answer.CheckedAt, $"{detail}; revoked at {answer.RevokedAt:O}"),
                _ => Unknown(now, "the platform operator does not know the certificate"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unknown(now, $"the platform operator did not answer within {settings.TimeoutSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            log.LogWarning("Platform operator {Host} unreachable: {Error}", endpoint.Host, ex.Message);
            return Unknown(now, "the platform operator is unreachable");
        }
    }

    private static RevocationResult Unknown(DateTimeOffset now, string detail) => new(RevocationStatus.Unknown, Source, now, null, detail);
}
