using System.Net;
using System.Text.RegularExpressions;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>The real platform on a fresh database of the given engine, through WebApplicationFactory.</summary>
public sealed class MadoguchiApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    static MadoguchiApp()
    {
        // Hundreds of short-lived hosts in one process: file watchers would each take an inotify instance (the default
        // limit is 128 per user) for configuration reloads and asp-append-version. Tests change no files under watch.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    public TestDatabase Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("MADOGUCHI_DATA_DIR", Database.DataDirectory);
        builder.UseSetting("Database:Provider", Database.ProviderSetting);
        builder.UseSetting("ConnectionStrings:Madoguchi", Database.ConnectionString);
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Site:PublicBaseUrl", "https://localhost");
        builder.UseSetting("Outbox:WorkerEnabled", "false");
        builder.UseSetting("Intake:WorkerEnabled", "false");
        builder.UseSetting("OpenData:DailyWorkerEnabled", "false");
        builder.UseSetting("RateLimits:SignInPerMinute", "1000");
        builder.UseSetting("RateLimits:QueueTicketsPerHour", "1000");
        builder.UseSetting("RateLimits:PaymentStartsPerHour", "1000");
        builder.UseSetting("RateLimits:SlipPrintsPerHour", "1000");
        builder.UseSetting("Payments:Provider", "sandbox");
        builder.UseSetting("Payments:ReconcilerEnabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>A client that keeps cookies like a browser and shows redirects instead of following them.</summary>
    public HttpClient CreateBrowser(CookieContainer? cookies = null) =>
        CreateDefaultClient(new Uri("https://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies ?? new CookieContainer()));

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task WithServicesAsync(Func<IServiceProvider, Task> action) =>
        WithServicesAsync<bool>(async services =>
        {
            await action(services);
            return true;
        });

    public sealed record StaffMember(string Email, string Password, string? AuthenticatorKey, string UserId);

    /// <summary>Creates a staff member; with <paramref name="enrolTotp"/> the second factor is already set up.</summary>
    public Task<StaffMember> CreateStaffAsync(string role, string? department = "shimin", bool enrolTotp = true, string? email = null) =>
        WithServicesAsync(async services =>
        {
            email ??= $"{role}-{Guid.NewGuid():N}@test.madoguchi.example";
            const string password = "correct horse battery staple";
            var (user, _) = await services.GetRequiredService<StaffAccounts>().AddAsync(email, [role], department, password);
            string? key = null;
            if (enrolTotp)
            {
                var users = services.GetRequiredService<UserManager<MadoguchiUser>>();
                await users.ResetAuthenticatorKeyAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
                await users.SetTwoFactorEnabledAsync(user, true);
            }

            return new StaffMember(email, password, key, user.Id);
        });

    /// <summary>Gives a staff member other roles (a change of job), as an administrator would.</summary>
    public Task ChangeRolesAsync(string userId, params string[] roles) =>
        WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<MadoguchiUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            Assert.True((await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user))).Succeeded);
            Assert.True((await users.AddToRolesAsync(user, roles)).Succeeded);
        });

    public sealed record Resident(string Email, string Password, string UserId);

    /// <summary>A resident whose e-mail address is already verified.</summary>
    public Task<Resident> CreateResidentAsync() =>
        WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<MadoguchiUser>>();
            var email = $"resident-{Guid.NewGuid():N}@example.jp";
            const string password = "ashino park in spring";
            var user = new MadoguchiUser { UserName = email, Email = email, EmailConfirmed = true, Kind = AccountKind.Citizen, CreatedAt = DateTime.UtcNow };
            var result = await users.CreateAsync(user, password);
            Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
            return new Resident(email, password, user.Id);
        });

    public async Task<HttpClient> SignInAsync(Resident resident)
    {
        var client = CreateBrowser();
        var response = await client.PostFormAsync("/signin", new() { ["Input.Email"] = resident.Email, ["Input.Password"] = resident.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Signs in through the real pages: password, then a TOTP code computed from the key.</summary>
    public async Task<HttpClient> SignInAsync(StaffMember staff, CookieContainer? cookies = null)
    {
        var client = CreateBrowser(cookies);
        var response = await client.PostFormAsync("/staff/signin", new() { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/signin/code", response.Headers.Location!.OriginalString);
        response = await client.PostFormAsync(response.Headers.Location!.OriginalString, new() { ["Input.Code"] = Totp(staff.AuthenticatorKey!) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A client that sends a fresh API token of the account (staff or resident) with the given scopes.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string userId, params string[] scopes)
    {
        var token = await WithServicesAsync(async services =>
        {
            var user = await services.GetRequiredService<UserManager<MadoguchiUser>>().FindByIdAsync(userId);
            return (await services.GetRequiredService<ApiTokenService>().CreateAsync(user!, scopes, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(1))).Token;
        });
        var client = CreateBrowser();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The next code the platform has not accepted yet for this key (<see cref="TotpCodes"/>).</summary>
    public static string Totp(string base32Key) => TotpCodes.Next(base32Key);
}

public static partial class HttpClientFormExtensions
{
    /// <summary>A multipart form post with the page's antiforgery token, as a browser sends a form with files.</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(this HttpClient client, string step, Dictionary<string, string> fields, params (string Name, string FileName, byte[] Content)[] files)
    {
        var page = await client.GetStringAsync(step);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var (name, fileName, content) in files)
        {
            form.Add(new ByteArrayContent(content), name, fileName);
        }

        return await client.PostAsync(step, form);
    }


    /// <summary>GETs the page that holds the form, then posts the fields with its antiforgery token, as a browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetAsync(formPage ?? url);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {formPage ?? url} ({(int)page.StatusCode}).");
        }

        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
