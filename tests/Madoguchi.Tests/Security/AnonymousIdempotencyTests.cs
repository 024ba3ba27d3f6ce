using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Tests.Cases;
using Madoguchi.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;

namespace Madoguchi.Tests.Security;

/// <summary>
/// Security review, finding 10: anonymous callers share no idempotency-key space. Another client reusing a key gets its
/// own answer (never the first client's, never a 409); the same client repeating the same request gets its replay, and
/// the same key with another body is still 409 for that client (issue 14's rule for every channel).
/// </summary>
public abstract class AnonymousIdempotencyTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task TwoClients_WithOneKey_EachGetTheirOwnApplication_AndARepeatIsReplayed()
    {
        var first = await SubmitAsync("192.0.2.10", "hanako@example.jp", "shared-key");
        var otherBody = await SubmitAsync("198.51.100.20", "taro@example.jp", "shared-key");
        var sameBody = await SubmitAsync("203.0.113.30", "hanako@example.jp", "shared-key");
        var repeat = await SubmitAsync("192.0.2.10", "hanako@example.jp", "shared-key");
        var reused = await SubmitAsync("192.0.2.10", "jiro@example.jp", "shared-key");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, otherBody.Status);
        Assert.Equal(HttpStatusCode.Created, sameBody.Status);
        Assert.Equal(3, new[] { first.Receipt, otherBody.Receipt, sameBody.Receipt }.Distinct().Count());
        Assert.Equal(HttpStatusCode.Created, repeat.Status);
        Assert.Equal(first.Receipt, repeat.Receipt);
        Assert.True(repeat.Replayed);
        Assert.Equal(HttpStatusCode.Conflict, reused.Status);
    }

    private async Task<(HttpStatusCode Status, string? Receipt, bool Replayed)> SubmitAsync(string clientAddress, string email, string key)
    {
        var body = CaseScenario.CourseAnswers(email);
        var context = await App.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = IPAddress.Parse(clientAddress);
            c.Request.Method = "POST";
            c.Request.Scheme = "https";
            c.Request.Host = new Microsoft.AspNetCore.Http.HostString("localhost");
            c.Request.Path = $"/api/v1/procedures/{CaseScenario.Course}/applications";
            c.Request.Headers["Idempotency-Key"] = key;
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        });
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        var receipt = context.Response.StatusCode == 201 ? JsonNode.Parse(text)!["receiptNumber"]!.GetValue<string>() : null;
        return ((HttpStatusCode)context.Response.StatusCode, receipt, context.Response.Headers["Idempotent-Replayed"] == "true");
    }
}

public sealed class AnonymousIdempotencyTests_Sqlite() : AnonymousIdempotencyTests(Engine.Sqlite);

public sealed class AnonymousIdempotencyTests_PostgreSql() : AnonymousIdempotencyTests(Engine.PostgreSql);
