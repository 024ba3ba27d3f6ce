// Streamed validation of a large standard-dataset CSV against parsing the same file alone, in the same run:
//   dotnet run -c Release --project bench/OpenDataBench -- [rows]
// Hostile files of the security review (issue 13) against an ordinary file of the same size, in the same run:
//   dotnet run -c Release --project bench/OpenDataBench -- hostile
using System.Diagnostics;
using System.Text;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

if (args.Length > 0 && args[0] == "hostile")
{
    await HostileFiles.RunAsync();
    return;
}

var rows = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
var path = Path.Combine(Path.GetTempPath(), $"opendata-bench-{Guid.NewGuid():N}.csv");
try
{
    // An AED list as the official template lays it out (UTF-8 with BOM, CRLF), with realistic cells in every column
    // and quoted cells with commas, as real files have.
    var schemas = new DatasetSchemas(Path.Combine(AppContext.BaseDirectory, "catalog"));
    var schema = schemas.Find("aed")!;
    using (var writer = new StreamWriter(path, false, new UTF8Encoding(true), 1 << 20))
    {
        writer.Write(string.Join(',', schema.Fields.Select(f => f.Name)) + "\r\n");
        for (var i = 1; i <= rows; i++)
        {
            writer.Write($"022055,{i},青森県,五所川原市,施設{i},シセツ{i % 10},五所川原市字布屋町{i % 97}番地{i % 13},\"2階, 事務室前\",{40.7 + (i % 1000) / 10000.0:0.000000},{140.3 + (i % 1000) / 10000.0:0.000000},正面玄関,0173-35-{2000 + i % 8000:0000},{i % 100},,五所川原市,月火水木金,08:30,17:15,祝日は休み,有,https://www.city.goshogawara.lg.jp/,\r\n");
        }
    }

    var size = new FileInfo(path).Length;
    var localizer = new StringLocalizer<Messages>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
    Thread.CurrentThread.CurrentUICulture = new System.Globalization.CultureInfo("ja-JP");

    // Baseline: decode and parse the same file with the same CSV reader, touching every cell, checking nothing.
    GC.Collect();
    var baseline = Stopwatch.StartNew();
    long cells = 0;
    using (var text = new StreamReader(path, CsvEncoding.StrictUtf8, true, 64 * 1024))
    using (var reader = CsvHelper.CsvReader.Create(text, new CsvHelper.CsvReaderOptions { HasHeader = false }))
    {
        while (reader.Read())
        {
            for (var c = 0; c < reader.FieldCount; c++)
            {
                cells += reader.GetString(c).Length;
            }
        }
    }

    baseline.Stop();

    GC.Collect();
    var before = GC.GetTotalMemory(true);
    var peak = 0L;
    using var sampler = new Timer(_ => peak = Math.Max(peak, GC.GetTotalMemory(false)), null, 0, 50);
    var validation = Stopwatch.StartNew();
    ValidationReport report;
    await using (var input = File.OpenRead(path))
    {
        report = await new CsvValidator(localizer).ValidateAsync(input, schema, CancellationToken.None);
    }

    validation.Stop();
    sampler.Dispose();
    if (!report.Valid || report.Rows != rows)
    {
        throw new InvalidOperationException($"Unexpected report: valid {report.Valid}, rows {report.Rows}, first error {report.Errors.FirstOrDefault()?.Message}");
    }

    var parsePerSecond = rows / baseline.Elapsed.TotalSeconds;
    var validatePerSecond = rows / validation.Elapsed.TotalSeconds;
    Console.WriteLine($"| Measure | Value |");
    Console.WriteLine($"|---|---|");
    Console.WriteLine($"| File | {rows:N0} rows of `aed`, {size / 1024.0 / 1024.0:N0} MiB, UTF-8 with BOM |");
    Console.WriteLine($"| Parse only (CsvHelper, every cell read) | {parsePerSecond:N0} rows/s ({baseline.Elapsed.TotalSeconds:N1} s) |");
    Console.WriteLine($"| Full validation (encoding, header, every cell typed, duplicate IDs) | {validatePerSecond:N0} rows/s ({validation.Elapsed.TotalSeconds:N1} s) |");
    Console.WriteLine($"| Ratio validation / parse | {validatePerSecond / parsePerSecond:N2} |");
    Console.WriteLine($"| Managed heap before / peak during validation | {before / 1024.0 / 1024.0:N0} MiB / {peak / 1024.0 / 1024.0:N0} MiB (file {size / 1024.0 / 1024.0:N0} MiB) |");
    Console.WriteLine($"| Warnings (aggregated per column) | {report.WarningCount:N0} |");
}
finally
{
    File.Delete(path);
}
