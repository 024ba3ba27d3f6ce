using System.Net;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Security;

/// <summary>
/// Security review, finding 7: mail that anonymous requests cause is limited per recipient (5 an hour) and per client
/// (20 an hour); the page answers the same either way, so the limit tells nobody whether an address has an account.
/// </summary>
public abstract class MailLimitTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task SevenResetRequestsForOneAddress_SendFiveMails_AndEveryAnswerIsTheSame()
    {
        var resident = await App.CreateResidentAsync();

        for (var i = 0; i < 7; i++)
        {
            var asked = await App.CreateBrowser().PostFormAsync("/account/forgot-password", new() { ["Input.Email"] = resident.Email });
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            Assert.Contains("再設定のメールを送りました", await asked.Content.ReadAsStringAsync());
        }

        await using var db = Database.CreateContext();
        Assert.Equal(5, await db.OutboxMessages.CountAsync(m => m.Kind == "email"));
        Assert.Equal(5, await db.Set<Madoguchi.Platform.Email.MailSend>().CountAsync());
        Assert.DoesNotContain(await db.Set<Madoguchi.Platform.Email.MailSend>().ToListAsync(), m => m.RecipientHash.Contains('@'));
    }
}

public sealed class MailLimitTests_Sqlite() : MailLimitTests(Engine.Sqlite);

public sealed class MailLimitTests_PostgreSql() : MailLimitTests(Engine.PostgreSql);
