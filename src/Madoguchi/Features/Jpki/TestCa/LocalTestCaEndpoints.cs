using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Madoguchi.Features.Jpki;

/// <summary>
/// The local test CA's online services, mapped only where test cards are accepted (demo and test deployments; a 404
/// elsewhere): its OCSP responder at <c>/jpki/test-ca/ocsp</c> (POST, and GET with the request in the path, RFC 6960
/// A.1) and a local プラットフォーム事業者 at <c>/jpki/test-ca/platform/verify/certificate</c>, so that every revocation
/// source can be exercised end to end without J-LIS.
/// </summary>
public static class LocalTestCaEndpoints
{
    private const int MaxRequestBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapLocalTestCa(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/jpki/test-ca").ExcludeFromDescription().DisableAntiforgery()
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<JpkiTrust>().AcceptsTestCards ? await next(context) : Results.NotFound());

        group.MapPost("/ocsp", async (HttpRequest request, LocalOcspResponder responder) =>
        {
            if (request.ContentType?.StartsWith("application/ocsp-request", StringComparison.OrdinalIgnoreCase) != true)
            {
                return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
            }

            if (await ReadBodyAsync(request) is not { } body)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            return Results.Bytes(responder.Respond(body), LocalOcspResponder.ContentType);
        });

        group.MapGet("/ocsp/{*encoded}", (string encoded, LocalOcspResponder responder) =>
        {
            byte[] body;
            try
            {
                body = Convert.FromBase64String(Uri.UnescapeDataString(encoded));
            }
            catch (FormatException)
            {
                body = [];
            }

            return Results.Bytes(responder.Respond(body), LocalOcspResponder.ContentType);
        });

        group.MapPost("/platform/" + PlatformProtocol.VerifyPath, async (HttpRequest request, JpkiTrust trust, IOptions<JpkiOptions> options, TimeProvider clock) =>
        {
            var now = clock.GetUtcNow();
            PlatformProtocol.VerifyResponse Failed(PlatformProtocol.Envelope? info, string reason, string message) =>
                new(info, new PlatformProtocol.Outcome(PlatformProtocol.Failed, new PlatformProtocol.ErrorInfo(reason, message)), null, null, now);

            // The error texts are the operator's own wire values (as in the published example API), not this site's UI.
            var key = options.Value.Platform.ApiKey;
            var presented = request.Headers.Authorization.ToString();
            if (key is not { Length: > 0 } || !CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes("Bearer " + key)))
            {
                return Results.Json(Failed(null, "401 Unauthorized", "クライアント認証失敗"), PlatformProtocol.Json, statusCode: 401);
            }

            PlatformProtocol.VerifyRequest? body;
            X509Certificate2? certificate = null;
            try
            {
                body = await JsonSerializer.DeserializeAsync<PlatformProtocol.VerifyRequest>(request.Body, PlatformProtocol.Json);
                if (body?.RequestInfo?.TransactionId is { Length: > 0 } && body.CertificateType is "sign" or "user" && body.Certificate is { Length: > 0 })
                {
                    certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(body.Certificate));
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or CryptographicException)
            {
                body = null;
            }

            if (body is null || certificate is null)
            {
                return Results.Json(Failed(body?.RequestInfo, "400 Bad Request", "リクエスト失敗"), PlatformProtocol.Json, statusCode: 400);
            }

            var answer = new PlatformProtocol.Envelope(body.RequestInfo.TransactionId, body.RequestInfo.Sender, "JPKI", PlatformProtocol.Timestamp(now));
            var ca = LocalTestCa.Open(trust.LocalTestCaDirectory);
            var issuer = body.CertificateType == "sign" ? ca.SignatureCa : ca.AuthenticationCa;
            var status = IssuedBy(certificate, issuer) ? ca.StatusOf(issuer, certificate.SerialNumber) : null;
            return Results.Json(new PlatformProtocol.VerifyResponse(
                answer, new PlatformProtocol.Outcome(PlatformProtocol.Success),
                status switch { null => "UNKNOWN", { Revoked: true } => "REVOKED", _ => "GOOD" }, status?.RevokedAt, now), PlatformProtocol.Json);
        });

        return app;
    }

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(issuer);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(certificate) && chain.ChainElements.Count == 2 && chain.ChainElements[1].Certificate.RawData.AsSpan().SequenceEqual(issuer.RawData);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
