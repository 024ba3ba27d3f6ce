using System.Text;
using System.Text.Json;

namespace Madoguchi.Features.Jpki;

/// <summary>
/// The local signing client's side of the card bridge, with a virtual card (PKCS#12) in place of a reader: it answers
/// only pages from the allowed origins (CORS with Private Network Access), asks the person at the keyboard before every
/// use of the card (unless started with <c>--yes</c> for automated tests), and signs what it was given: a 32-byte
/// challenge with the authentication key (raw PKCS#1 v1.5, SHA-256), or a document with the signature key (detached CMS,
/// or raw). Failure modes are those of a real client: an unknown origin, a malformed request, the resident saying no, no
/// card in the reader (the card file gone).
/// </summary>
public sealed class CardBridgeServer(string cardPath, string pin, IReadOnlyCollection<string> allowedOrigins, Func<string, bool> confirm, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Messages> t)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public async Task HandleAsync(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Vary = "Origin";
        if (!allowedOrigins.Contains(origin, StringComparer.Ordinal))
        {
            await FailAsync(http, 403, "origin_not_allowed", t["Bridge.OriginNotAllowed", origin.Length == 0 ? "?" : origin]);
            return;
        }

        http.Response.Headers.AccessControlAllowOrigin = origin;
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            http.Response.Headers.AccessControlAllowMethods = "GET, POST";
            http.Response.Headers.AccessControlAllowHeaders = "Content-Type";
            http.Response.Headers.AccessControlMaxAge = "600";
            http.Response.Headers["Access-Control-Allow-Private-Network"] = "true";
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var path = http.Request.Path.Value;
        if (HttpMethods.IsGet(http.Request.Method) && path == "/v1/status")
        {
            await http.Response.WriteAsJsonAsync(new { protocol = CardBridgeProtocol.Name, card = File.Exists(cardPath) }, Json);
            return;
        }

        if (!HttpMethods.IsPost(http.Request.Method) || path != "/v1/sign")
        {
            await FailAsync(http, 404, "not_found", t["Bridge.NotFound"]);
            return;
        }

        if (http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await FailAsync(http, 415, "bad_request", t["Bridge.BadFormat"]);
            return;
        }

        CardBridgeProtocol.SignRequest? request;
        byte[] data;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CardBridgeProtocol.SignRequest>(http.Request.Body, Json);
            data = Convert.FromBase64String(request?.Data ?? "");
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            await FailAsync(http, 400, "bad_request", t["Bridge.BadFormat"]);
            return;
        }

        var authentication = request?.Purpose == CardBridgeProtocol.Purposes.Authentication;
        var valid = request?.Purpose is CardBridgeProtocol.Purposes.Authentication or CardBridgeProtocol.Purposes.Signature
            && (authentication
                ? request.Format == CardBridgeProtocol.Formats.Raw && data.Length == CardBridgeProtocol.ChallengeBytes
                : request.Format is CardBridgeProtocol.Formats.Cms or CardBridgeProtocol.Formats.Raw && data.Length is > 0 and <= CardBridgeProtocol.MaxDocumentBytes);
        if (!valid)
        {
            await FailAsync(http, 400, "bad_request", t["Bridge.BadRequest"]);
            return;
        }

        if (!File.Exists(cardPath))
        {
            await FailAsync(http, 503, "no_card", t["Bridge.NoCard"]);
            return;
        }

        if (!confirm(Describe(origin, authentication, data)))
        {
            await FailAsync(http, 409, "cancelled", t["Bridge.Cancelled"]);
            return;
        }

        var card = VirtualCard.Import(await File.ReadAllBytesAsync(cardPath), pin);
        byte[] signature;
        byte[] certificate;
        if (authentication)
        {
            signature = card.SignChallenge(data);
            certificate = card.Authentication.RawData;
        }
        else
        {
            signature = request!.Format == CardBridgeProtocol.Formats.Cms ? card.SignCms(data) : card.SignRaw(data);
            certificate = card.Signature.RawData;
        }

        await http.Response.WriteAsJsonAsync(new CardBridgeProtocol.SignResponse(Convert.ToBase64String(signature), Convert.ToBase64String(certificate)), Json);
    }

    /// <summary>What the person is asked to approve: who asks, for what, and (for a document) what it says.</summary>
    private string Describe(string origin, bool authentication, byte[] data)
    {
        if (authentication)
        {
            return t["Bridge.AskAuthentication", origin];
        }

        var text = Encoding.UTF8.GetString(data);
        return t["Bridge.AskSignature", origin, text.Length > 4000 ? text[..4000] + "\n…" : text];
    }

    private static Task FailAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new CardBridgeProtocol.Error(code, message), Json);
    }

    /// <summary>Listens on loopback only, until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(int port, CancellationToken stopping, Action<Uri>? started = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(stopping);
        // The bound address (port 0 asks the system for a free port, as tests do).
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        started?.Invoke(new Uri(addresses.First()));
        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None);
    }
}
