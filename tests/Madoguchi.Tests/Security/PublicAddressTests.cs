using System.Net;
using System.Text.Json.Nodes;
using Madoguchi.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Madoguchi.Tests.Security;

/// <summary>
/// Security review, finding 3: links the platform writes (mail, CKAN, DCAT, catalogue CSV) name the configured public
/// address, never the request's Host header, even where an operator lets any host in.
/// </summary>
public abstract class PublicAddressTests(Engine engine) : IntegrationTest(engine)
{
    private const string PublicAddress = "https://madoguchi.city.example.lg.jp";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Site:PublicBaseUrl"] = PublicAddress,
        ["AllowedHosts"] = "*",
    };

    [Fact]
    public async Task APasswordResetAskedForWithAnotherHost_MailsALinkToThePublicAddress()
    {
        var resident = await App.CreateResidentAsync();
        var attacker = App.CreateDefaultClient(new Uri("https://evil.example"), new CookieContainerHandler(new CookieContainer()));

        var asked = await attacker.PostFormAsync("/account/forgot-password", new() { ["Input.Email"] = resident.Email });

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var mail = Assert.Single(await DeliverMailAsync());
        Assert.Contains($"{PublicAddress}/account/reset-password?", mail.TextBody);
        Assert.DoesNotContain("evil.example", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCatalogApis_NameThePublicAddress_WhateverTheHost()
    {
        var attacker = App.CreateDefaultClient(new Uri("https://evil.example"));

        var status = JsonNode.Parse(await attacker.GetStringAsync("/api/3/action/status_show"))!;
        var dcat = await attacker.GetStringAsync("/catalog.ttl");

        Assert.Equal(PublicAddress, status["result"]!["site_url"]!.GetValue<string>());
        Assert.Contains(PublicAddress, dcat);
        Assert.DoesNotContain("evil.example", dcat, StringComparison.Ordinal);
    }

    /// <summary>
    /// Security review (suspected item): behind a load balancer whose X-Forwarded-Proto is not trusted, the hop to the
    /// platform is plain http; cookies are still Secure and HSTS is still sent, because the public address is https.
    /// </summary>
    [Fact]
    public async Task APlainHttpHop_StillGetsSecureCookiesAndHsts()
    {
        var behindTheBalancer = App.CreateDefaultClient(new Uri("http://madoguchi.city.example.lg.jp"));

        var page = await behindTheBalancer.GetAsync("/staff/signin");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single());
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class PublicAddressTests_Sqlite() : PublicAddressTests(Engine.Sqlite);

public sealed class PublicAddressTests_PostgreSql() : PublicAddressTests(Engine.PostgreSql);

/// <summary>Outside demo mode, without a list of its own, the platform answers only its public host.</summary>
public abstract class HostRestrictionTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task ARequestNamingAnotherHost_IsRefused_AndThePublicHostIsServed()
    {
        var attacker = App.CreateDefaultClient(new Uri("https://evil.example"));

        Assert.Equal(HttpStatusCode.BadRequest, (await attacker.GetAsync("/account/forgot-password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateBrowser().GetAsync("/account/forgot-password")).StatusCode);
    }
}

public sealed class HostRestrictionTests_Sqlite() : HostRestrictionTests(Engine.Sqlite);

public sealed class HostRestrictionTests_PostgreSql() : HostRestrictionTests(Engine.PostgreSql);
