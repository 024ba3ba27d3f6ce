using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Madoguchi.Features.Administration;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Cli;

/// <summary>
/// The admin command line: the same executable and configuration as the web platform, so an operator changes
/// nothing to switch between them. Exit code 0 on success, 1 on a refused operation, 2 on bad usage or settings.
/// </summary>
public static class AdminCli
{
    private static readonly string[] Commands = ["migrate", "seed", "users", "tokens", "audit", "jpki", "residents"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    /// <summary>The command's own arguments must not reach the web host's configuration parser.</summary>
    public static string[] WebArguments(string[] args) => IsCommand(args) ? [] : args;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var root = new RootCommand("Madoguchi admin command line")
        {
            MigrateCommand(services),
            SeedCommand(services),
            UsersCommand(services),
            TokensCommand(services),
            AuditCommand(services),
            JpkiCli.Command(services),
            ResidentsCli.Command(services),
        };
        var parse = root.Parse(args);
        return await parse.InvokeAsync();
    }

    /// <summary>Runs a command's work in its own scope; a refused operation prints its reason and exits 1.</summary>
    internal static Task<int> RunScoped(IServiceProvider services, Func<IServiceProvider, Task<int>> work) => Run(services, work);

    private static Command MigrateCommand(IServiceProvider services)
    {
        var command = new Command("migrate", "Apply database migrations and reference data");
        command.SetAction((_, cancellationToken) => Run(services, async scope =>
        {
            await DatabaseSetup.MigrateAsync(scope, cancellationToken);
            Console.WriteLine("Database is up to date.");
            return 0;
        }));
        return command;
    }

    private static Command SeedCommand(IServiceProvider services)
    {
        var demo = new Command("demo", "Seed Goshogawara demo data and print the demo accounts");
        demo.SetAction((_, _) => Run(services, async scope =>
        {
            var settings = scope.GetRequiredService<Platform.Configuration.MadoguchiSettings>();
            if (!settings.DemoMode)
            {
                Console.Error.WriteLine("Demo data exists only in demo mode (set Demo__Enabled=true); nothing was written.");
                return 1;
            }

            await DatabaseSetup.MigrateAsync(scope);
            await scope.GetRequiredService<DemoSeeder>().SeedAsync(printAccounts: true);
            return 0;
        }));
        return new Command("seed", "Seed data") { demo };
    }

    private static Command UsersCommand(IServiceProvider services)
    {
        var email = new Option<string>("--email") { Description = "E-mail address (the sign-in name)", Required = true };
        var role = new Option<string[]>("--role") { Description = "Role id or Japanese name; repeat for several", Required = true, AllowMultipleArgumentsPerToken = true };
        var department = new Option<string?>("--department") { Description = "Department id (see catalog/departments.json)" };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var add = new Command("add", "Add a staff member; prints a one-time password") { email, role, department, name };
        add.SetAction((parse, cancellationToken) => Run(services, async scope =>
        {
            var roleIds = new List<string>();
            foreach (var value in parse.GetValue(role)!.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries)))
            {
                var resolved = StaffRoles.Resolve(value);
                if (resolved is null)
                {
                    Console.Error.WriteLine($"Unknown role '{value}'. Known roles: {string.Join(", ", StaffRoles.All.Select(r => $"{r.Id} ({r.JapaneseName})"))}");
                    return 2;
                }

                roleIds.Add(resolved);
            }

            var (user, password) = await scope.GetRequiredService<StaffAccounts>()
                .AddAsync(parse.GetValue(email)!, roleIds, parse.GetValue(department), displayName: parse.GetValue(name), cancellationToken: cancellationToken);
            Console.WriteLine($"Created {user.Email} ({string.Join(", ", roleIds)}). One-time password (change it after the first sign-in):");
            Console.WriteLine(password);
            return 0;
        }));

        var json = new Option<bool>("--json") { Description = "Print a JSON array" };
        var list = new Command("list", "List staff members") { json };
        list.SetAction((parse, cancellationToken) => Run(services, async scope =>
        {
            var staff = await scope.GetRequiredService<StaffAccounts>().ListAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    staff.Select(s => new { email = s.Email, roles = s.Roles, department = s.Department }),
                    new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
            else
            {
                foreach (var s in staff)
                {
                    Console.WriteLine($"{s.Email}\t{string.Join(",", s.Roles)}\t{s.Department ?? "-"}");
                }
            }

            return 0;
        }));

        var resetEmail = new Option<string>("--email") { Description = "E-mail address of the staff member", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the audit trail)", DefaultValueFactory = _ => "reset by an administrator" };
        var reset = new Command("reset-2fa", "Turn off two-factor sign-in so the staff member enrols again") { resetEmail, reason };
        reset.SetAction((parse, cancellationToken) => Run(services, async scope =>
        {
            await scope.GetRequiredService<StaffAccounts>().ResetTwoFactorAsync(parse.GetValue(resetEmail)!, parse.GetValue(reason)!, cancellationToken);
            Console.WriteLine("Two-factor sign-in was reset and all sessions were ended.");
            return 0;
        }));

        var passwordEmail = new Option<string>("--email") { Description = "E-mail address of the staff member", Required = true };
        var passwordReason = new Option<string>("--reason") { Description = "Why (recorded in the audit trail)", DefaultValueFactory = _ => "forgotten password" };
        var resetPassword = new Command("reset-password", "Give a staff member a new one-time password and end all sessions") { passwordEmail, passwordReason };
        resetPassword.SetAction((parse, cancellationToken) => Run(services, async scope =>
        {
            var password = await scope.GetRequiredService<StaffAccounts>().ResetPasswordAsync(parse.GetValue(passwordEmail)!, parse.GetValue(passwordReason)!, cancellationToken);
            Console.WriteLine("Password reset; all sessions ended. One-time password (change it after signing in):");
            Console.WriteLine(password);
            return 0;
        }));

        return new Command("users", "Manage staff accounts") { add, list, reset, resetPassword };
    }

    private static Command TokensCommand(IServiceProvider services)
    {
        var user = new Option<string>("--user") { Description = "E-mail of the staff member", Required = true };
        var scope = new Option<string[]>("--scope") { Description = $"Feature scope; repeat or separate with commas ({string.Join(", ", ApiScopes.All.Order())})", Required = true, AllowMultipleArgumentsPerToken = true };
        var expires = new Option<string>("--expires") { Description = "Lifetime (30d, 12h) or a date (2027-03-31)", DefaultValueFactory = _ => "90d" };
        var create = new Command("create", "Create a personal API token; the token is printed alone on the last line") { user, scope, expires };
        create.SetAction((parse, cancellationToken) => Run(services, async provider =>
        {
            var scopes = parse.GetValue(scope)!.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var unknown = scopes.Where(s => !ApiScopes.All.Contains(s)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"Unknown scope(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", ApiScopes.All.Order())}");
                return 2;
            }

            var clock = provider.GetRequiredService<TimeProvider>();
            if (!TryParseExpiry(parse.GetValue(expires)!, clock.GetUtcNow().UtcDateTime, out var expiresAt))
            {
                Console.Error.WriteLine($"--expires '{parse.GetValue(expires)}' is not a future lifetime (e.g. 90d, 12h) or date (yyyy-MM-dd).");
                return 2;
            }

            var owner = await provider.GetRequiredService<UserManager<MadoguchiUser>>().FindByEmailAsync(parse.GetValue(user)!);
            if (owner is null || owner.Kind != AccountKind.Staff)
            {
                Console.Error.WriteLine($"No staff member with e-mail {parse.GetValue(user)}.");
                return 1;
            }

            var tokens = provider.GetRequiredService<ApiTokenService>();
            var roles = await tokens.RolesOfAsync(owner.Id, cancellationToken);
            var refused = scopes.Where(s => !ApiScopes.MayUse(roles, s)).ToList();
            if (refused.Count > 0)
            {
                Console.Error.WriteLine($"Refused: {owner.Email} ({(roles.Count == 0 ? "no role" : string.Join(", ", roles))}) cannot use scope(s) {string.Join(", ", refused)}. " +
                    $"Scopes by role: {string.Join("; ", ApiScopes.Roles.Where(r => refused.Contains(r.Key)).Select(r => $"{r.Key} = {string.Join("/", r.Value)}"))}");
                return 1;
            }

            var issued = await tokens.CreateAsync(owner, scopes, expiresAt, cancellationToken);
            Console.WriteLine($"Token {issued.Id} for {owner.Email}, scopes {string.Join(" ", scopes)}, expires {issued.ExpiresAt:yyyy-MM-dd HH:mm}Z. It is shown only once:");
            Console.WriteLine(issued.Token);
            return 0;
        }));
        return new Command("tokens", "Manage personal API tokens") { create };
    }

    private static Command AuditCommand(IServiceProvider services)
    {
        var verify = new Command("verify", "Check the audit trail's hash chain; exit 1 when a row was edited or deleted");
        verify.SetAction((_, cancellationToken) => Run(services, async scope =>
        {
            var result = await scope.GetRequiredService<AuditVerifier>().VerifyAsync(cancellationToken);
            if (result.Intact)
            {
                Console.WriteLine($"Audit trail intact: {result.EventsChecked} events verified.");
                return 0;
            }

            Console.Error.WriteLine($"Audit trail BROKEN after checking {result.EventsChecked} events:");
            foreach (var problem in result.Problems)
            {
                Console.Error.WriteLine($"  {problem}");
            }

            return 1;
        }));
        return new Command("audit", "Audit trail") { verify };
    }

    internal static bool TryParseExpiry(string text, DateTime now, out DateTime expiresAt)
    {
        expiresAt = default;
        text = text.Trim();
        if (text.Length > 1 && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            switch (char.ToLowerInvariant(text[^1]))
            {
                case 'd': expiresAt = now.AddDays(amount); return amount <= 3650;
                case 'h': expiresAt = now.AddHours(amount); return amount <= 87600;
            }
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // The token is valid through the whole day named, Japan time.
            expiresAt = Platform.Time.JapanTime.StartOfDayUtc(date.AddDays(1));
            return expiresAt > now;
        }

        return false;
    }

    private static async Task<int> Run(IServiceProvider services, Func<IServiceProvider, Task<int>> action)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditActorAccessor>().Set(new AuditActor($"cli:{Environment.UserName}", null, null));
        try
        {
            return await action(scope.ServiceProvider);
        }
        catch (Exception ex) when (ex is StaffAccountException or Features.Procedures.Catalog.CatalogException)
        {
            Console.Error.WriteLine($"Error: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"Error: the database could not be used ({ex.GetType().Name}: {ex.Message.Split('\n')[0]})");
            return 1;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"Error: the database could not be reached ({ex.InnerException.Message.Split('\n')[0]})");
            return 1;
        }
    }
}
