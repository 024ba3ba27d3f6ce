using Madoguchi.Features.Payments;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Payments;

/// <summary>Steps the payment tests share: an order started at the local provider, and one paid there by card as a resident pays it.</summary>
internal static class SandboxPayments
{
    /// <summary>An order of this many yen with a payment started at the provider: the payment's id and the session's.</summary>
    public static Task<(Guid Payment, string Session)> StartedAsync(MadoguchiApp app, int amount) =>
        app.WithServicesAsync(async s =>
        {
            var desk = s.GetRequiredService<PaymentDesk>();
            var order = await desk.CreateOrderAsync(new OrderRequest("住民票の写し", amount), "test", CancellationToken.None);
            var payment = (await desk.StartAsync(order.Value!.Id, "/account", "test", CancellationToken.None)).Value!;
            return (payment.Id, payment.ProviderPaymentId!);
        });

    /// <summary>Pays a started session with the test card that succeeds, on the provider's page.</summary>
    public static async Task PayAsync(MadoguchiApp app, string session)
    {
        var resident = app.CreateBrowser();
        await resident.PostFormAsync($"/pay-sandbox/{session}?handler=Pay", new() { ["CardNumber"] = "4242 4242 4242 4242" }, $"/pay-sandbox/{session}");
    }

    /// <summary>An order of this many yen paid by card, read back from the provider (as the return page does): the payment's id.</summary>
    public static async Task<Guid> PaidAsync(MadoguchiApp app, int amount)
    {
        var (payment, session) = await StartedAsync(app, amount);
        await PayAsync(app, session);
        var read = await app.WithServicesAsync(s => s.GetRequiredService<PaymentDesk>().RefreshAsync(payment, CancellationToken.None));
        Assert.Equal(PaymentStatus.Success, read!.Status);
        return payment;
    }
}
