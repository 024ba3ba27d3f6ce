// Reconciling a convenience-store result file of many rows (issue 18), on the engine the environment names
// (Database__Provider, ConnectionStrings__Madoguchi, MADOGUCHI_DATA_DIR, as the platform reads them):
//   dotnet bench/PaymentsBench/bin/Release/net10.0/PaymentsBench.dll [rows]
// Makes as many open orders as rows (bench set-up, in bulk), writes the agent's 速報 file for all of them (1% with a
// 納付番号 that matches nothing), and times the one import operation against the baseline measured in the same run:
// reading and checking the same file without applying it. Then imports the file again (everything seen before).
// Prints Markdown rows: time, rows per second, the managed memory allocated, and the process's peak working set.
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Madoguchi;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Payments;
using Madoguchi.Features.Payments.Slips;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration["Payments:ConvenienceCompanyCode"] = ConvenienceSlips.DemoCompanyCode;
builder.Configuration["Payments:ReconcilerEnabled"] = "false";
var settings = MadoguchiSettings.Load(builder.Configuration, builder.Environment.ContentRootPath);
builder.AddMadoguchi(settings);
await using var app = builder.Build();
await using (var scope = app.Services.CreateAsyncScope())
{
    await DatabaseSetup.MigrateAsync(scope.ServiceProvider);
}

var engine = builder.Configuration["Database:Provider"] ?? "Sqlite";
var random = new Random(22055);
var references = new HashSet<string>();
while (references.Count < rows)
{
    references.Add(string.Concat(Enumerable.Range(0, 16).Select(_ => (char)('0' + random.Next(10)))));
}

var orders = references.Select(r => (Reference: r, Amount: 300 * (1 + random.Next(100)))).ToList();
var setup = Stopwatch.StartNew();
foreach (var chunk in orders.Chunk(2000))
{
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<MadoguchiDbContext>();
    db.AddRange(chunk.Select(o => new PaymentOrder
    {
        Id = Guid.CreateVersion7(), Reference = o.Reference, Purpose = "市営住宅家賃 12月分", Amount = o.Amount, DueDate = new DateOnly(2026, 12, 28),
        Status = OrderStatus.Open, CreatedAt = DateTime.UtcNow, CreatedBy = "bench",
    }));
    await db.SaveChangesAsync();
}

setup.Stop();
var file = new StringBuilder("データ区分,収納日,収納時刻,収納店舗,バーコード情報\r\n");
for (var i = 0; i < orders.Count; i++)
{
    var reference = i % 100 == 99 ? "9" + orders[i].Reference[1..] : orders[i].Reference; // 1% match nothing (most likely)
    var barcode = ConvenienceBarcode.Build(new ConvenienceBarcodeFields(ConvenienceSlips.DemoCompanyCode, ConvenienceBarcode.FreeFieldOf(reference), 0, new DateOnly(2026, 12, 28), false, orders[i].Amount));
    file.Append(CultureInfo.InvariantCulture, $"速報,20261208,{(i / 60 % 24):D2}{(i % 60):D2},{i % 5000:D7},{barcode}\r\n");
}

var bytes = Encoding.UTF8.GetBytes(file.ToString());
var cashier = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Role, StaffRoles.Cashier)], "bench"));

// Warm-up on a small file of its own (JIT, pools), not counted.
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<ConvenienceResultFile>().ReadAsync(new MemoryStream(bytes, 0, Math.Min(bytes.Length, 20_000)), CancellationToken.None);
}

GC.Collect();
var readAllocated = GC.GetTotalAllocatedBytes(precise: true);
var read = Stopwatch.StartNew();
int checkedRows;
await using (var scope = app.Services.CreateAsyncScope())
{
    var result = await scope.ServiceProvider.GetRequiredService<ConvenienceResultFile>().ReadAsync(new MemoryStream(bytes), CancellationToken.None);
    if (result.Problems.Count > 0)
    {
        throw new InvalidOperationException(result.Problems[0].Message);
    }

    checkedRows = result.Rows.Count;
}

read.Stop();
readAllocated = GC.GetTotalAllocatedBytes(precise: true) - readAllocated;

GC.Collect();
var importAllocated = GC.GetTotalAllocatedBytes(precise: true);
var import = Stopwatch.StartNew();
CollectionImport first;
await using (var scope = app.Services.CreateAsyncScope())
{
    var imported = await scope.ServiceProvider.GetRequiredService<ConvenienceResults>().ImportAsync(new MemoryStream(bytes), "sokuho.csv", cashier, CancellationToken.None);
    first = imported.Value ?? throw new InvalidOperationException(imported.Problem!.Title);
}

import.Stop();
importAllocated = GC.GetTotalAllocatedBytes(precise: true) - importAllocated;
var again = Stopwatch.StartNew();
CollectionImport second;
await using (var scope = app.Services.CreateAsyncScope())
{
    second = (await scope.ServiceProvider.GetRequiredService<ConvenienceResults>().ImportAsync(new MemoryStream(bytes), "sokuho.csv", cashier, CancellationToken.None)).Value!;
}

again.Stop();
if (first.Paid + first.Unmatched.Count != rows || second.AlreadyRecorded != rows || second.Paid != 0)
{
    throw new InvalidOperationException($"Unexpected counts: first {first.Paid}+{first.Unmatched.Count}, again {second.AlreadyRecorded}/{second.Paid}");
}

var peak = Process.GetCurrentProcess().PeakWorkingSet64;
string Mb(long b) => (b / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture);
string Rate(int n, Stopwatch s) => (n / s.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);
Console.WriteLine($"| {engine} | import of a 速報 file of {rows:N0} rows ({first.Paid:N0} orders paid, {first.Unmatched.Count:N0} unmatched; {bytes.Length / 1024 / 1024} MB) | {import.Elapsed.TotalSeconds:N1} s ({Rate(rows, import)} rows/s), {Mb(importAllocated)} MB allocated | reading and checking the same file: {read.Elapsed.TotalSeconds:N2} s ({Rate(checkedRows, read)} rows/s), {Mb(readAllocated)} MB allocated | {import.Elapsed.TotalSeconds / read.Elapsed.TotalSeconds:N0}× |");
Console.WriteLine($"| {engine} | the same file imported again (every row seen before) | {again.Elapsed.TotalSeconds:N1} s ({Rate(rows, again)} rows/s) | reading and checking: {read.Elapsed.TotalSeconds:N2} s | {again.Elapsed.TotalSeconds / read.Elapsed.TotalSeconds:N0}× |");
Console.WriteLine($"| {engine} | peak working set of the process (set-up of {rows:N0} orders {setup.Elapsed.TotalSeconds:N0} s included) | {Mb(peak)} MB | | |");
