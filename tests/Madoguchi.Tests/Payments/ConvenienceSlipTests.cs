using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments;
using Madoguchi.Features.Payments.Slips;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Payments;

/// <summary>
/// Convenience-store slips (issue 18): the 納付書 PDF carries the order's 44 digits as a real GS1-128 barcode (decoded
/// from the rasterised page), and the collection agent's result files mark orders paid once, report what matched
/// nothing, and change nothing when any row is wrong.
/// </summary>
public abstract class ConvenienceSlipTests(Engine engine) : IntegrationTest(engine)
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["Payments:ConvenienceCompanyCode"] = ConvenienceSlips.DemoCompanyCode };

    [Fact]
    public async Task TheSlipsBarcode_DecodedFromThePrintedPage_IsTheOrdersFortyFourDigits()
    {
        var order = await OrderAsync(21000, new DateOnly(2026, 12, 25));
        var payment = await App.WithServicesAsync(s => s.GetRequiredService<PaymentDesk>().StartAsync(order.Id, "/", "test", CancellationToken.None));
        var api = await App.CreateApiClientAsync((await App.CreateStaffAsync(StaffRoles.Cashier, "kaikei")).UserId, ApiScopes.Payments);

        var slip = JsonNode.Parse(await api.GetStringAsync($"/api/v1/payments/{payment.Value!.Id}/convenience-slip"))!;
        var barcode = slip["barcode"]!.GetValue<string>();
        Assert.Equal(("2026-12-25", 21000), (slip["dueDate"]!.GetValue<string>(), slip["amount"]!.GetValue<int>()));
        Assert.Equal($"9191234500000{order.Reference}02612250021000", barcode[..43]); // AI, company, free field, reissue 0, due, stamp 0, yen
        Assert.NotNull(ConvenienceBarcode.Parse(barcode));

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/payments/{payment.Value.Id}/convenience-slip");
        request.Headers.Accept.ParseAdd("application/pdf");
        var pdf = await (await api.SendAsync(request)).Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        var (text, symbology) = DecodeBarcode(pdf);
        Assert.Equal((barcode, "]C1"), (text, symbology)); // GS1-128: FNC1 first

        var resident = App.CreateBrowser();
        var page = await resident.GetAsync($"/payments/orders/{order.Reference}/slip.pdf");
        Assert.Equal("application/pdf", page.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AResultFile_PaysTheMatchingOrderOnce_ConfirmsItLater_AndReportsWhatMatchedNothing()
    {
        var order = await OrderAsync(3000, new DateOnly(2026, 12, 25));
        var other = await OrderAsync(4500, null);
        var slip = Barcode(order.Reference, 3000);
        var wrongAmount = Barcode(other.Reference, 4000);
        var unknown = Barcode("9999999999999999", 800);
        var foreign = ConvenienceBarcode.Build(new ConvenienceBarcodeFields("942386", ConvenienceBarcode.FreeFieldOf(order.Reference), 0, null, false, 3000));
        var preliminary = Csv(("速報", "20261208", "1012", "0012345", slip), ("速報", "20261208", "1130", "0012345", wrongAmount),
            ("速報", "20261208", "1200", "", unknown), ("速報", "20261209", "0800", "7", foreign));

        var first = await ImportAsync(preliminary, shiftJis: true);
        Assert.Equal((1, 0, 0), (first.Value!.Paid, first.Value.Confirmed, first.Value.AlreadyRecorded));
        Assert.Equal(["納付の金額と一致しません", "該当する納付がありません", "他の事業者のバーコードです"], first.Value.Unmatched.Select(u => u.Reason));
        Assert.Equal([3, 4, 5], first.Value.Unmatched.Select(u => u.Row));
        Assert.Equal("Shift_JIS", first.Value.EncodingName);

        var again = await ImportAsync(preliminary, shiftJis: false);
        Assert.Equal((0, 0, 4), (again.Value!.Paid, again.Value.Confirmed, again.Value.AlreadyRecorded));
        var confirmed = await ImportAsync(Csv(("確報", "20261208", "1012", "0012345", slip)), shiftJis: false);
        Assert.Equal((0, 1), (confirmed.Value!.Paid, confirmed.Value.Confirmed));

        await using var db = Database.CreateContext();
        var paid = await db.Set<PaymentOrder>().SingleAsync(o => o.Id == order.Id);
        Assert.Equal((OrderStatus.Paid, 3000), (paid.Status, paid.PaidAmount));
        Assert.Equal(OrderStatus.Open, (await db.Set<PaymentOrder>().SingleAsync(o => o.Id == other.Id)).Status);
        Assert.Equal(4, await db.Set<ConvenienceCollection>().CountAsync());
        Assert.True((await db.Set<ConvenienceCollection>().SingleAsync(c => c.OrderId == order.Id)).Confirmed);
        Assert.Single(await db.Set<Payment>().Where(p => p.Provider == ConvenienceResults.Channel).ToListAsync());
    }

    [Fact]
    public async Task ACorruptedResultFile_IsRefusedRowByRow_AndChangesNothing()
    {
        var order = await OrderAsync(3000, null);
        var slip = Barcode(order.Reference, 3000);
        var broken = slip[..^1] + (char)('0' + ((slip[^1] - '0' + 1) % 10));

        var refused = await ImportAsync(Csv(("速報", "20261208", "1012", "1", slip), ("仮報", "20261308", "2561", "1", broken)), shiftJis: false);

        Assert.Equal(Madoguchi.Platform.Outcomes.ProblemKind.Invalid, refused.Problem!.Kind);
        Assert.Equal(new[] { "row3.データ区分", "row3.収納日", "row3.収納時刻", "row3.バーコード情報" }.Order(StringComparer.Ordinal), refused.Problem.Fields!.Keys.Order(StringComparer.Ordinal));
        await using var db = Database.CreateContext();
        Assert.Equal(OrderStatus.Open, (await db.Set<PaymentOrder>().SingleAsync()).Status);
        Assert.False(await db.Set<ConvenienceCollection>().AnyAsync());
        Assert.Single(await AuditEventsAsync("payment.results_refused"));

        var clerk = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "clerk"), new Claim(ClaimTypes.Role, StaffRoles.CounterClerk)], "test"));
        var forbidden = await App.WithServicesAsync(s => s.GetRequiredService<ConvenienceResults>().ImportAsync(new MemoryStream(Csv(("速報", "20261208", "1012", "1", slip))), "r.csv", clerk, CancellationToken.None));
        Assert.Equal(Madoguchi.Platform.Outcomes.ProblemKind.Forbidden, forbidden.Problem!.Kind);
    }

    private static string Barcode(string reference, int amount) =>
        ConvenienceBarcode.Build(new ConvenienceBarcodeFields(ConvenienceSlips.DemoCompanyCode, ConvenienceBarcode.FreeFieldOf(reference), 0, new DateOnly(2026, 12, 25), false, amount));

    private static byte[] Csv(params (string Kind, string Date, string Time, string Store, string Barcode)[] rows) =>
        Encoding.UTF8.GetBytes("データ区分,収納日,収納時刻,収納店舗,バーコード情報\r\n" + string.Concat(rows.Select(r => $"{r.Kind},{r.Date},{r.Time},{r.Store},{r.Barcode}\r\n")));

    private Task<Madoguchi.Platform.Outcomes.Result<CollectionImport>> ImportAsync(byte[] utf8, bool shiftJis)
    {
        var bytes = shiftJis ? Madoguchi.Platform.Text.TextEncodings.Cp932.GetBytes(Encoding.UTF8.GetString(utf8)) : utf8;
        var cashier = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "cashier-1"), new Claim(ClaimTypes.Role, StaffRoles.Cashier)], "test"));
        return App.WithServicesAsync(s => s.GetRequiredService<ConvenienceResults>().ImportAsync(new MemoryStream(bytes), "sokuho.csv", cashier, CancellationToken.None));
    }

    private async Task<PaymentOrder> OrderAsync(int amount, DateOnly? due) =>
        (await App.WithServicesAsync(s => s.GetRequiredService<PaymentDesk>().CreateOrderAsync(new OrderRequest("市営住宅家賃 12月分", amount, due), "test", CancellationToken.None))).Value!;

    /// <summary>Rasterises the PDF's first page (poppler's pdftoppm, 300 dpi, grey) and reads the Code 128 symbol on it.</summary>
    private static (string Text, string? Symbology) DecodeBarcode(byte[] pdf)
    {
        var directory = Directory.CreateTempSubdirectory("slip");
        try
        {
            var input = Path.Combine(directory.FullName, "slip.pdf");
            File.WriteAllBytes(input, pdf);
            using (var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-r", "300", "-gray", "-f", "1", "-l", "1", input, Path.Combine(directory.FullName, "page")]) { RedirectStandardError = true })!)
            {
                process.WaitForExit(60_000);
                Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
            }

            var (width, height, pixels) = ReadPgm(File.ReadAllBytes(Directory.GetFiles(directory.FullName, "page*.pgm").Single()));
            var source = new ZXing.RGBLuminanceSource(pixels, width, height, ZXing.RGBLuminanceSource.BitmapFormat.Gray8);
            var hints = new Dictionary<ZXing.DecodeHintType, object> { [ZXing.DecodeHintType.TRY_HARDER] = true };
            var result = new ZXing.OneD.Code128Reader().decode(new ZXing.BinaryBitmap(new ZXing.Common.HybridBinarizer(source)), hints);
            Assert.NotNull(result);
            return (result.Text, result.ResultMetadata.TryGetValue(ZXing.ResultMetadataType.SYMBOLOGY_IDENTIFIER, out var id) ? id as string : null);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>A binary PGM (P5, 8 bits): width, height and the grey bytes.</summary>
    private static (int Width, int Height, byte[] Pixels) ReadPgm(byte[] file)
    {
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)file[position]) || file[position] == '#')
            {
                if (file[position] == '#')
                {
                    while (file[position] != '\n')
                    {
                        position++;
                    }
                }

                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            return Encoding.ASCII.GetString(file, start, position - start);
        }

        Assert.Equal("P5", Token());
        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("255", Token());
        position++; // the one whitespace after the header
        return (width, height, file.AsSpan(position, width * height).ToArray());
    }
}

public sealed class ConvenienceSlipTests_Sqlite() : ConvenienceSlipTests(Engine.Sqlite);

public sealed class ConvenienceSlipTests_PostgreSql() : ConvenienceSlipTests(Engine.PostgreSql);

/// <summary>Printing 納付書 is limited per client: each PDF costs a drawing of the page.</summary>
public sealed class SlipPrintLimitTests() : IntegrationTest(Engine.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:ConvenienceCompanyCode"] = ConvenienceSlips.DemoCompanyCode, ["RateLimits:SlipPrintsPerHour"] = "2",
    };

    [Fact]
    public async Task TheThirdSlipInAnHour_IsRefusedWith429()
    {
        var order = (await App.WithServicesAsync(s => s.GetRequiredService<PaymentDesk>().CreateOrderAsync(new OrderRequest("市営住宅家賃 12月分", 21000), "test", CancellationToken.None))).Value!;
        var resident = App.CreateBrowser();

        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync($"/payments/orders/{order.Reference}/slip.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync($"/payments/orders/{order.Reference}/slip.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await resident.GetAsync($"/payments/orders/{order.Reference}/slip.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync($"/payments/orders/{order.Reference}")).StatusCode); // the order's page is not limited
    }
}
