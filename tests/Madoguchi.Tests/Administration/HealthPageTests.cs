using System.Net;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Intake;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Administration;

/// <summary>The platform's health on one page for the IT staff (issue 15): each part marked by a stated threshold.</summary>
public abstract class HealthPageTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task AQuietPlatform_IsHealthy_AndAStuckMessageOrAQuarantinedFile_NeedsAttention()
    {
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.SystemAdministrator, "somu"));

        var quiet = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/health"));
        Assert.Contains("<title>稼働状況", quiet);
        Assert.Matches("データベース</th>\\s*<td><span class=\"tag tag--ok\">正常", quiet);
        Assert.Contains("未適用のマイグレーション 0 件", quiet);
        Assert.Contains("データ用ディスク", quiet);

        await using (var db = Database.CreateContext())
        {
            db.Add(new OutboxMessage
            {
                Id = Guid.CreateVersion7(), Kind = "email", Payload = "{}", IdempotencyKey = "health-dead", Status = OutboxStatus.Dead, Attempts = 8,
                CreatedAt = DateTime.UtcNow.AddHours(-2), NextAttemptAt = DateTime.UtcNow.AddHours(-1), LastError = "SmtpException",
            });
            await db.SaveChangesAsync();
        }

        var folder = App.Services.GetRequiredService<IntakeFolder>();
        Directory.CreateDirectory(folder.Quarantine);
        await File.WriteAllTextAsync(Path.Combine(folder.Quarantine, "bad.csv"), "x");

        var troubled = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/health"));
        Assert.Contains("全体: <strong class=\"tag tag--attention\">要確認", troubled);
        Assert.Contains("送信をあきらめたもの 1 件", troubled);
        Assert.Matches("メール: 送信待ち 0 件、あきらめたもの 1 件", troubled);
        Assert.Contains("隔離 1 件", troubled);
    }

    [Fact]
    public async Task OnlyAdministrators_SeeIt()
    {
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku"));

        var response = await officer.GetAsync("/admin/health");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/forbidden", response.Headers.Location!.OriginalString);
    }
}

public sealed class HealthPageTests_Sqlite() : HealthPageTests(Engine.Sqlite);

public sealed class HealthPageTests_PostgreSql() : HealthPageTests(Engine.PostgreSql);
