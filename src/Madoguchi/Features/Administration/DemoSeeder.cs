using Madoguchi.Features.Identity;
using Madoguchi.Platform.Configuration;
using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Features.Administration;

/// <summary>
/// Goshogawara demo data. Demo credentials are public by design, so they exist only when demo mode is on.
/// Staff are enrolled in TOTP with one shared, printed authenticator key so that a visitor can sign in at once.
/// </summary>
public sealed class DemoSeeder(MadoguchiSettings settings, StaffAccounts staff, UserManager<MadoguchiUser> users, DemoCases demoCases, OpenData.Demo.DemoOpenData demoOpenData, Notifications.Reach.DemoLineFriends demoLineFriends,
    OpenData.Statistics.PlatformStatistics statistics, Features.Residents.Population.DemoResidents demoResidents, Procedures.Builder.Templates.TemplateLibrary templates,
    TimeProvider clock)
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
        ("cashier@demo.madoguchi.example", StaffRoles.Cashier, "kaikei", "出納 五郎"),
        ("koho@demo.madoguchi.example", StaffRoles.Publicity, "kikaku", "広報 八重"),
        ("koho2@demo.madoguchi.example", StaffRoles.Publicity, "kikaku", "広報 九郎"),
        ("zeimu@demo.madoguchi.example", StaffRoles.CaseOfficer, "zeimu", "課税 六郎"),
        ("zeimu-approver@demo.madoguchi.example", StaffRoles.Approver, "zeimu", "税務 課長"),
        ("shuno@demo.madoguchi.example", StaffRoles.CaseOfficer, "shuno", "収納 七海"),
        ("shuno-approver@demo.madoguchi.example", StaffRoles.Approver, "shuno", "収納 課長"),
        // A 担当職員 and a 決裁者 for every other 課 whose procedures are applied for online here.
        ("kokuho@demo.madoguchi.example", StaffRoles.CaseOfficer, "kokuho-nenkin", "保険 明美"),
        ("kokuho-approver@demo.madoguchi.example", StaffRoles.Approver, "kokuho-nenkin", "国保 課長"),
        ("katei@demo.madoguchi.example", StaffRoles.CaseOfficer, "katei-fukushi", "福祉 陽子"),
        ("katei-approver@demo.madoguchi.example", StaffRoles.Approver, "katei-fukushi", "家庭 課長"),
        ("kenko@demo.madoguchi.example", StaffRoles.CaseOfficer, "kenko-suishin", "健康 誠"),
        ("kenko-approver@demo.madoguchi.example", StaffRoles.Approver, "kenko-suishin", "健推 課長"),
        ("kankyo@demo.madoguchi.example", StaffRoles.CaseOfficer, "kankyo-taisaku", "環境 茂"),
        ("kankyo-approver@demo.madoguchi.example", StaffRoles.Approver, "kankyo-taisaku", "環境 課長"),
        ("koen@demo.madoguchi.example", StaffRoles.CaseOfficer, "koen-kanri", "公園 緑"),
        ("koen-approver@demo.madoguchi.example", StaffRoles.Approver, "koen-kanri", "公園 課長"),
        ("kenchiku@demo.madoguchi.example", StaffRoles.CaseOfficer, "kenchiku-jutaku", "建築 修"),
        ("kenchiku-approver@demo.madoguchi.example", StaffRoles.Approver, "kenchiku-jutaku", "建住 課長"),
        ("suido@demo.madoguchi.example", StaffRoles.CaseOfficer, "keiei-kanri", "水道 清"),
        ("suido-approver@demo.madoguchi.example", StaffRoles.Approver, "keiei-kanri", "経営 課長"),
        ("jinji@demo.madoguchi.example", StaffRoles.CaseOfficer, "jinji", "人事 聡"),
        ("jinji-approver@demo.madoguchi.example", StaffRoles.Approver, "jinji", "人事 課長"),
        ("kouza@demo.madoguchi.example", StaffRoles.CaseOfficer, "shakai-kyoiku", "講座 学"),
        ("kouza-approver@demo.madoguchi.example", StaffRoles.Approver, "shakai-kyoiku", "社教 課長"),
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

        await templates.PublishAllAsync(CancellationToken.None); // the demo city has adopted the whole template library
        await demoOpenData.SeedAsync();
        await demoLineFriends.SeedAsync(); // the city's LINE friends and their history, for segments and the reach
        await demoResidents.SeedAsync(); // the synthetic city's register, for the counter
        await statistics.PublishAsync(CancellationToken.None); // the demo cases as the platform's own open data

        // The local JPKI test CA, trusted in demo mode, so that a visitor can issue a virtual card at once.
        var testCa = Jpki.LocalTestCa.Init(Path.Combine(settings.DataDirectory, "jpki", "test-ca"), clock.GetUtcNow());

        if (printAccounts)
        {
            foreach (var line in AccountLines(Path.Combine(settings.DataDirectory, "jpki", "test-ca")))
            {
                Console.WriteLine(line);
            }
        }
    }

    /// <summary>The demo block a person reads after starting the demo: who to sign in as, the shared password, the second factor.</summary>
    public static IEnumerable<string> AccountLines(string testCaDirectory)
    {
        yield return "── デモ用アカウント（デモモードのみ）──────────────────────────";
        yield return $"  {DemoResidentEmail,-40} 住民（/signin でサインイン）";
        foreach (var (email, role, department, name) in DemoStaff.Take(8))
        {
            // The address first: it is ASCII, so the columns line up whatever the width of the Japanese after it.
            yield return $"  {email,-40} {name}（{StaffRoles.JapaneseName(role)}{(department is null ? string.Empty : $"・{department}")}）";
        }

        var others = DemoStaff.Skip(8).Select(s => s.Department).Distinct().ToList();
        yield return $"  ほかの{others.Count}課の担当職員と決裁者: <課>@demo.madoguchi.example と <課>-approver@demo.madoguchi.example";
        yield return $"    <課> = {string.Join(", ", DemoStaff.Skip(8).Where(s => s.Role == StaffRoles.CaseOfficer).Select(s => s.Email.Split('@')[0]))}";
        yield return $"  パスワード（全アカウント共通）: {DemoPassword}";
        yield return $"  職員の確認コード: 認証アプリにキー {DemoAuthenticatorKey} を手入力（TOTP・30秒・6桁）";
        yield return $"    または: oathtool --totp -b {DemoAuthenticatorKey}";
        yield return $"  マイナンバーカードの試験: jpki test-card issue で仮想カードを作り、jpki bridge で接続（docs/card-bridge.md、テストCA: {testCaDirectory}）";
        yield return "──────────────────────────────────────────────────────────";
    }
}
