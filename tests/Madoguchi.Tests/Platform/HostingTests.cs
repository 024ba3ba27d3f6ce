using System.Net;
using System.Text.Json;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Platform;

public abstract class HostingTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task Healthz_ReportsOkAndTheEngine()
    {
        var response = await App.CreateBrowser().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(Engine == Engine.Sqlite ? "sqlite" : "postgresql", json.RootElement.GetProperty("database").GetString());
    }

    [Fact]
    public async Task Healthz_WhenTheDatabaseIsGone_Returns503()
    {
        var client = App.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        await BreakDatabaseAsync();

        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"unavailable\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HomePage_IsJapanese_WithSkipLinkAndSecurityHeaders()
    {
        var response = await App.CreateBrowser().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"ja\">", html);
        Assert.Contains("href=\"#main\"", html);
        Assert.Contains("五所川原市", html);
        Assert.Contains("0173-35-2111", html);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.Contains("X-Correlation-Id"));
    }

    [Theory]
    [InlineData("/account/forgot-password", "パスワードの再設定")]
    [InlineData("/staff/signin", "職員サインイン")]
    [InlineData("/opendata/validate", "CSVのチェック")]
    public async Task EveryPage_HasItsOwnTitle_BeforeTheServiceName(string path, string words)
    {
        var html = await App.CreateBrowser().GetStringAsync(path);

        var title = System.Text.RegularExpressions.Regex.Match(html, "<title>([^<]*)</title>").Groups[1].Value;
        Assert.Contains(words, title);
        Assert.EndsWith(" | 五所川原市 まどぐち（オンライン窓口）", title);
    }

    [Fact]
    public async Task UnknownPage_ShowsJapaneseErrorPageWithInquiryNumber()
    {
        var response = await App.CreateBrowser().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("ページが見つかりません", html);
        Assert.Contains(response.Headers.GetValues("X-Correlation-Id").Single(), html);
    }

    [Fact]
    public async Task UnknownApiRoute_ReturnsProblemDetails()
    {
        var response = await App.CreateBrowser().GetAsync("/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, json.RootElement.GetProperty("status").GetInt32());
        Assert.True(json.RootElement.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task OpenApiDocument_IsPublished()
    {
        var response = await App.CreateBrowser().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("paths").TryGetProperty("/healthz", out _));
        var paths = json.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/me", out _));
        Assert.True(paths.TryGetProperty("/api/v1/applications/{receiptNumber}", out _));
        var apply = paths.GetProperty("/api/v1/procedures/{id}/applications").GetProperty("post");
        Assert.Contains(apply.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
    }

    [Fact]
    public async Task FormPost_WithoutAntiforgeryToken_Returns400FriendlyPage()
    {
        var response = await App.CreateBrowser().PostAsync("/staff/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "someone@example.jp",
            ["Input.Password"] = "whatever-password",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("リクエストを処理できませんでした", html);
        Assert.DoesNotContain("Exception", html);
    }

    [Fact]
    public async Task OversizedRequest_IsRefusedWithoutAStackTrace()
    {
        var body = new ByteArrayContent(new byte[31 * 1024 * 1024]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        var response = await App.CreateBrowser().PostAsync("/staff/signin", body);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, response.StatusCode.ToString());
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    private async Task BreakDatabaseAsync()
    {
        if (Engine == Engine.Sqlite)
        {
            await using var db = Database.CreateContext();
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "DROP TABLE audit_chain_head");
        }
        else
        {
            var name = new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString).Database;
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresServer.ExecuteAsync($"DROP DATABASE {name} WITH (FORCE)");
        }
    }
}

public sealed class HostingTests_Sqlite() : HostingTests(Engine.Sqlite);

public sealed class HostingTests_PostgreSql() : HostingTests(Engine.PostgreSql);
