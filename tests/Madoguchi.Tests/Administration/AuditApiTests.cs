using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Administration;

/// <summary>The audit API, and through it the platform's API conventions: scopes, ProblemDetails, Idempotency-Key.</summary>
public abstract class AuditApiTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task Record_CreatesAChainedEvent_MarkedAsComingThroughTheApi()
    {
        var client = await ClientWithScopesAsync("audit");

        var response = await PostAsync(client, """{"action":"rpa.tax_certificate_issued","resourceType":"batch","resourceId":"2026-11-26-01","reason":"夜間バッチ"}""", "key-1");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var sequence = json.RootElement.GetProperty("sequence").GetInt64();
        Assert.Equal($"/api/v1/audit/events/{sequence}", response.Headers.Location!.OriginalString);
        var recorded = Assert.Single(await AuditEventsAsync("external.rpa.tax_certificate_issued"));
        Assert.Equal("夜間バッチ", recorded.Reason);
        Assert.Contains("\"via\":\"api\"", recorded.Details);
        Assert.True((await App.WithServicesAsync(s => s.GetRequiredService<Madoguchi.Platform.Audit.AuditVerifier>().VerifyAsync())).Intact);
    }

    [Fact]
    public async Task Record_RetriedWithTheSameKey_ReplaysTheAnswer_AndRecordsOnce()
    {
        var client = await ClientWithScopesAsync("audit");
        const string body = """{"action":"rpa.run_finished"}""";

        var first = await PostAsync(client, body, "retry-key");
        var second = await PostAsync(client, body, "retry-key");

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await AuditEventsAsync("external.rpa.run_finished"));
    }

    [Fact]
    public async Task Record_WithAKeyReusedForADifferentRequest_Returns409()
    {
        var client = await ClientWithScopesAsync("audit");
        await PostAsync(client, """{"action":"rpa.one"}""", "same-key");

        var response = await PostAsync(client, """{"action":"rpa.two"}""", "same-key");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await AuditEventsAsync("external.rpa.two"));
    }

    [Fact]
    public async Task Record_WithoutIdempotencyKey_IsAValidationProblem()
    {
        var client = await ClientWithScopesAsync("audit");

        var response = await PostAsync(client, """{"action":"rpa.one"}""", key: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Record_WithInvalidFields_ReturnsFieldErrorsInJapanese()
    {
        var client = await ClientWithScopesAsync("audit");

        var response = await PostAsync(client, """{"action":"Not Allowed!","resourceId":"%%RESOURCE%%"}""".Replace("%%RESOURCE%%", new string('x', 201)), "bad-fields");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = json.RootElement.GetProperty("errors");
        Assert.Contains("英小文字", errors.GetProperty("action")[0].GetString());
        Assert.Contains("200文字以内", errors.GetProperty("resourceId")[0].GetString());
        Assert.DoesNotContain(await AuditEventsAsync(), e => e.Action.StartsWith("external.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"action\": ")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    public async Task Record_WithMalformedJson_Returns400ProblemDetails_WithoutInternals(string body)
    {
        var client = await ClientWithScopesAsync("audit");

        var response = await PostAsync(client, body, "malformed");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain(" at ", text);
    }

    [Fact]
    public async Task Record_WithATokenWithoutTheAuditScope_Returns403()
    {
        var client = await ClientWithScopesAsync("governance");

        var response = await PostAsync(client, """{"action":"rpa.one"}""", "k");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Record_WithAStaffCookieButNoToken_Returns401()
    {
        var staff = await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu");
        var client = await App.SignInAsync(staff);

        var response = await PostAsync(client, """{"action":"rpa.one"}""", "k");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpClient> ClientWithScopesAsync(params string[] scopes) =>
        await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.DxOffice, "kikaku")).UserId, scopes);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/audit/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }
}

public sealed class AuditApiTests_Sqlite() : AuditApiTests(Engine.Sqlite);

public sealed class AuditApiTests_PostgreSql() : AuditApiTests(Engine.PostgreSql);
