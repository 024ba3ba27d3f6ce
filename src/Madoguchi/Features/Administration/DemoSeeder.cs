using Madoguchi.Features.Identity;
using Madoguchi.Platform.Configuration;
using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Features.Administration;

/// <summary>
/// Goshogawara demo data. Demo credentials are public by design, so they exist only when demo mode is on.
/// Staff are enrolled in TOTP with one shared, printed authenticator key so that a visitor can sign in at once.
/// </summary>
public sealed class DemoSeeder(MadoguchiSettings settings, StaffAccounts staff, UserManager<MadoguchiUser> users, DemoCases demoCases, OpenData.Demo.DemoOpenData demoOpenData,
    OpenData.Statistics.PlatformStatistics statistics, TimeProvider clock)
{
    public const string DemoPassword = "Tachineputa-demo-2026";

    /// <summary>Base32 TOTP key shared by the demo staff accounts.</summary>
    public const string DemoAuthenticatorKey = "MADOGUCHIDEMOKEYGOSHOGAWARA22255";

    public static readonly IReadOnlyList<(string Email, string Role, string? Department, string Name)> DemoStaff =
    [
        ("admin@demo.madoguchi.example", StaffRoles.SystemAdministrator, "somu", "情報 管理"),
        ("clerk@demo.madoguchi.example", StaffRoles.CounterClerk, "shimin", "窓口 花子"),
        ("officer@demo.madoguchi.example", StaffRoles.CaseOfficer, "shimin", "担当 太郎"),
        ("approver@demo.madoguchi.example", StaffRoles.Approver, "shimin", "決裁 次郎"),
        ("doboku@demo.madoguchi.example", StaffRoles.CaseOfficer, "doboku", "道路 一郎"),
        ("doboku-approver@demo.madoguchi.example", StaffRoles.Approver, "doboku", "土木 課長"),
        ("dx@demo.madoguchi.example", StaffRoles.DxOffice, "kikaku", "推進 三郎"),
        ("opendata@demo.madoguchi.example", StaffRoles.OpenDataOfficer, "kikaku", "公開 四子"),
    ];

    public const string DemoResidentEmail = "resident@demo.madoguchi.example";

    public async Task SeedAsync(bool printAccounts)
    {
        if (!settings.DemoMode)
        {
            throw new InvalidOperationException("Demo data is seeded only in demo mode.");
        }

        await staff.EnsureRolesAsync();
        foreach (var (email, role, department, name) in DemoStaff)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var (user, _) = await staff.AddAsync(email, [role], department, DemoPassword, name);
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", DemoAuthenticatorKey);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        if (await users.FindByEmailAsync(DemoResidentEmail) is null)
        {
            // A resident account that is already verified, so that a visitor can try applying without e-mail.
            var resident = new MadoguchiUser
            {
                UserName = DemoResidentEmail,
                Email = DemoResidentEmail,
                EmailConfirmed = true,
                Kind = AccountKind.Citizen,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(resident, DemoPassword);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            }
        }

        var demoResident = await users.FindByEmailAsync(DemoResidentEmail);
        var roadOfficer = await users.FindByEmailAsync("doboku@demo.madoguchi.example");
        if (demoResident is not null && roadOfficer is not null)
        {
            await demoCases.SeedAsync(demoResident.Id, DemoResidentEmail, roadOfficer.Id);
        }

        await demoOpenData.SeedAsync();
        await statistics.PublishAsync(CancellationToken.None); // the demo cases as the platform's own open data

        // The local JPKI test CA, trusted in demo mode, so that a visitor can issue a virtual card at once.
        var testCa = Jpki.LocalTestCa.Init(Path.Combine(settings.DataDirectory, "jpki", "test-ca"), clock.GetUtcNow());

        if (printAccounts)
        {
            Console.WriteLine("Demo staff accounts (demo mode only):");
            foreach (var (email, role, department, _) in DemoStaff)
            {
                Console.WriteLine($"  {email,-34} {StaffRoles.JapaneseName(role)}{(department is null ? string.Empty : $" / {department}")}");
            }

            Console.WriteLine($"Demo resident account: {DemoResidentEmail} (sign in at /signin)");
            Console.WriteLine($"  password (all demo accounts): {DemoPassword}");
            Console.WriteLine($"  authenticator key (TOTP, add to an authenticator app): {DemoAuthenticatorKey}");
            Console.WriteLine($"Local JPKI test CA in {testCa.Directory}: issue a virtual My Number Card with 'jpki test-card issue', then 'jpki bridge' (docs/card-bridge.md)");
        }
    }
}
