using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Outbox;
using Madoguchi.Platform.Storage;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Platform;

/// <summary>
/// Two instances of the platform on one PostgreSQL database, each with its own data directory (as on two machines):
/// submissions to both get distinct receipt numbers, both outbox workers together send each confirmation once, a
/// session cookie from one is accepted by the other (shared data-protection keys), and a file stored by one is read
/// by the other (files in the database).
/// </summary>
public sealed class TwoInstancesTests() : IntegrationTest(Engine.PostgreSql)
{
    private static readonly Dictionary<string, string?> Limits = new()
    {
        ["Email:MaxPerRecipientPerHour"] = "1000",
        ["Email:MaxPerClientPerHour"] = "1000",
    };

    private MadoguchiApp? second;

    protected override IReadOnlyDictionary<string, string?>? Settings => Limits;

    private MadoguchiApp Second => second ??= new MadoguchiApp(Database, new Dictionary<string, string?>(Limits)
    {
        ["MADOGUCHI_DATA_DIR"] = Path.Combine(Database.DataDirectory, "second-instance"),
    });

    protected override async Task CleanUpAsync()
    {
        if (second is not null)
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task SubmissionsToBoth_GetDistinctReceipts_AndEachConfirmationIsSentOnce()
    {
        var resident = await App.CreateResidentAsync();
        var first = await App.CreateApiClientAsync(resident.UserId, ResidentApiScopes.Applications);
        var other = Second.CreateBrowser();
        other.DefaultRequestHeaders.Authorization = first.DefaultRequestHeaders.Authorization; // the same token works on both

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => SubmitAsync(i % 2 == 0 ? first : other, $"two-instances-{i}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var receipts = await Task.WhenAll(responses.Select(async r => JsonNode.Parse(await r.Content.ReadAsStringAsync())!["receiptNumber"]!.GetValue<string>()));
        Assert.Equal(40, receipts.Distinct().Count());

        // Both workers at once, until neither finds work: every message is claimed by one of them.
        for (var round = 0; round < 20; round++)
        {
            var sent = await Task.WhenAll(
                App.WithServicesAsync(s => s.GetRequiredService<OutboxProcessor>().ProcessBatchAsync("first", CancellationToken.None)),
                Second.WithServicesAsync(s => s.GetRequiredService<OutboxProcessor>().ProcessBatchAsync("second", CancellationToken.None)));
            if (sent.Sum() == 0)
            {
                break;
            }
        }

        var mail = new[] { Path.Combine(Database.DataDirectory, "mail"), Path.Combine(Database.DataDirectory, "second-instance", "mail") }
            .Where(Directory.Exists).SelectMany(d => Directory.GetFiles(d, "*.eml")).ToList();
        var confirmed = new List<string>();
        foreach (var file in mail)
        {
            var message = await MimeKit.MimeMessage.LoadAsync(file);
            confirmed.AddRange(receipts.Where(r => (message.TextBody ?? string.Empty).Contains(r, StringComparison.Ordinal)));
        }

        Assert.Equal(receipts.Order(), confirmed.Order());
    }

    [Fact]
    public async Task ASessionFromOneInstance_IsAcceptedByTheOther_AndAFileStoredByOneIsReadByTheOther()
    {
        var resident = await App.CreateResidentAsync();
        var cookies = new CookieContainer();
        var signIn = await App.CreateBrowser(cookies).PostFormAsync("/signin", new() { ["Input.Email"] = resident.Email, ["Input.Password"] = resident.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var onTheOther = await Second.CreateBrowser(cookies).GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, onTheOther.StatusCode);
        Assert.Contains(resident.Email, await onTheOther.Content.ReadAsStringAsync());

        var stored = await App.Services.GetRequiredService<IFileStore>().SaveAsync(new MemoryStream("五所川原市 添付書類"u8.ToArray()), CancellationToken.None);
        await using var read = await Second.Services.GetRequiredService<IFileStore>().OpenAsync(stored.Sha256, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal("五所川原市 添付書類", await new StreamReader(read).ReadToEndAsync());
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/procedures/douro-sonshou-tsuuhou/applications")
        {
            Content = new StringContent("""
                {"kind":"pothole","location":"五所川原市字布屋町41番地1の前の市道","details":"穴があります","noticedOn":"2026-11-20",
                 "wantsReply":"no","agree":true}
                """, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
