using Madoguchi.Platform.Db;
using Madoguchi.Platform.Email;
using Madoguchi.Platform.Outbox;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Madoguchi.Tests.Platform;

public abstract class OutboxTests(Engine engine) : IntegrationTest(engine)
{
    private readonly FlakyTransport transport = new();

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Outbox:MaxAttempts"] = "3",
    };

    [Fact]
    public async Task Email_QueuedInACommittedTransaction_IsWrittenAsAnEmlFile()
    {
        await EnqueueEmailAsync("key-1", commit: true);

        var handled = await ProcessAsync("worker-a");

        Assert.Equal(1, handled);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(Database.DataDirectory, "mail"), "*.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("【五所川原市】お知らせ", message.Subject);
        Assert.Equal("五所川原市 まどぐち", message.From.Mailboxes.Single().Name);
        Assert.Contains("五所川原市", message.TextBody);
        Assert.Equal(OutboxStatus.Succeeded, (await MessagesAsync()).Single().Status);
    }

    [Fact]
    public async Task Email_QueuedInARolledBackTransaction_IsNeverSent()
    {
        await EnqueueEmailAsync("key-1", commit: false);

        Assert.Equal(0, await ProcessAsync("worker-a"));
        Assert.Empty(await MessagesAsync());
    }

    [Fact]
    public async Task Enqueue_WithTheSameIdempotencyKey_KeepsOneMessage()
    {
        await EnqueueEmailAsync("same-key", commit: true);
        await EnqueueEmailAsync("same-key", commit: true);

        Assert.Single(await MessagesAsync());
    }

    [Fact]
    public async Task FailingHandler_IsRetriedWithBackOff_ThenMarkedDead()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var failing = App.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<IEmailTransport>();
            s.AddSingleton<IEmailTransport>(transport);
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        }));
        transport.FailuresLeft = 100;
        await EnqueueEmailAsync("key-1", commit: true, failing.Services);

        Assert.Equal(1, await ProcessAsync("worker-a", failing.Services));
        var first = (await MessagesAsync()).Single();
        Assert.Equal(OutboxStatus.Pending, first.Status);
        Assert.Equal(1, first.Attempts);
        Assert.Contains("SMTP unavailable", first.LastError);

        Assert.Equal(0, await ProcessAsync("worker-a", failing.Services)); // not due yet
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await ProcessAsync("worker-a", failing.Services));
        clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(1, await ProcessAsync("worker-a", failing.Services));

        var dead = (await MessagesAsync()).Single();
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal(3, dead.Attempts);
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await ProcessAsync("worker-a", failing.Services));
    }

    [Fact]
    public async Task TwoInstances_NeverHandleTheSameMessageTwice()
    {
        await using var counting = App.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<IEmailTransport>();
            s.AddSingleton<IEmailTransport>(transport);
        }));
        for (var i = 0; i < 30; i++)
        {
            await EnqueueEmailAsync($"key-{i}", commit: true, counting.Services);
        }

        var workers = new[] { "worker-a", "worker-b", "worker-c" }
            .Select(id => Task.Run(async () =>
            {
                var total = 0;
                int handled;
                do
                {
                    handled = await ProcessAsync(id, counting.Services);
                    total += handled;
                }
                while (handled > 0);
                return total;
            }));
        var totals = await Task.WhenAll(workers);

        Assert.Equal(30, totals.Sum());
        Assert.Equal(30, transport.Sent.Count);
        Assert.Equal(30, transport.Sent.Distinct().Count());
        Assert.All(await MessagesAsync(), m => Assert.Equal(OutboxStatus.Succeeded, m.Status));
    }

    private async Task EnqueueEmailAsync(string key, bool commit, IServiceProvider? services = null)
    {
        await using var scope = (services ?? App.Services).CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await scope.ServiceProvider.GetRequiredService<EmailQueue>()
            .EnqueueAsync(new EmailMessage("resident@example.jp", "お知らせ", "五所川原市からのお知らせです。"), key);
        await db.SaveChangesAsync();
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }

    private async Task<int> ProcessAsync(string workerId, IServiceProvider? services = null)
    {
        await using var scope = (services ?? App.Services).CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().ProcessBatchAsync(workerId, CancellationToken.None);
    }

    private async Task<List<OutboxMessage>> MessagesAsync()
    {
        await using var db = Database.CreateContext();
        return await db.OutboxMessages.AsNoTracking().ToListAsync();
    }

    private sealed class FlakyTransport : IEmailTransport
    {
        public int FailuresLeft { get; set; }

        public System.Collections.Concurrent.ConcurrentBag<string> Sent { get; } = [];

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new IOException("SMTP unavailable");
            }

            Sent.Add(message.MessageId ?? string.Empty);
            return Task.CompletedTask;
        }
    }
}

public sealed class OutboxTests_Sqlite() : OutboxTests(Engine.Sqlite);

public sealed class OutboxTests_PostgreSql() : OutboxTests(Engine.PostgreSql);
