using System.Diagnostics;
using System.Text;
using Madoguchi.Features.OpenData.Schemas;
using Madoguchi.Features.OpenData.Validation;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>
/// The security review's hostile CSVs (finding 1) through the validator, each against an ordinary AED file of about the
/// same size checked in the same run: time (median of 5) and the ratio to the ordinary file.
/// </summary>
internal static class HostileFiles
{
    public static async Task RunAsync()
    {
        var schema = new DatasetSchemas(Path.Combine(AppContext.BaseDirectory, "catalog")).Find("aed")!;
        var validator = new CsvValidator(new StringLocalizer<Messages>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));
        Thread.CurrentThread.CurrentUICulture = new System.Globalization.CultureInfo("ja-JP");
        var header = string.Join(',', schema.Fields.Select(f => f.Name));

        var ordinary = new StringBuilder(header + "\r\n");
        for (var i = 1; ordinary.Length < 213 * 1024 / 2; i++)
        {
            ordinary.Append($"022055,{i},青森県,五所川原市,施設{i},シセツ,五所川原市字布屋町41番地1,1階,40.8,140.4,正面玄関,0173-35-2111,,,,月火水木金,08:30,17:15,,有,,\r\n");
        }

        var files = new (string Name, byte[] Bytes)[]
        {
            ("Baseline: an ordinary AED file", Encoding.UTF8.GetBytes(ordinary.ToString())),
            ("Header of 32,000 columns (the review's 213 KB file)", Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(0, 32_000).Select(i => $"c{i}")) + "\r\n1,2\r\n")),
            ("Header of 500,000 columns (the 1 MB record limit)", Encoding.UTF8.GetBytes(new string(',', 499_999) + "\r\n")),
            ("1,000 columns (the limit), each a near miss, and 100 rows", Encoding.UTF8.GetBytes(NearMisses(schema))),
            ("Ordinary header, then a row of 500,000 cells", Encoding.UTF8.GetBytes(header + "\r\n" + new string(',', 499_999) + "\r\n")),
        };

        var baseline = 0.0;
        Console.WriteLine("| File | Size | Median of 5 | Ratio to baseline | Outcome |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, bytes) in files)
        {
            var times = new List<double>();
            ValidationReport? report = null;
            for (var run = 0; run < 6; run++)
            {
                using var input = new MemoryStream(bytes);
                var watch = Stopwatch.StartNew();
                report = await validator.ValidateAsync(input, schema, CancellationToken.None, TimeSpan.FromSeconds(60));
                watch.Stop();
                if (run > 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds); // the first run warms up
                }
            }

            var median = times.Order().ElementAt(times.Count / 2);
            baseline = baseline == 0 ? median : baseline;
            var outcome = report!.Valid ? $"valid, {report.Rows:N0} rows" : $"{report.ErrorCount:N0} error(s): {report.Errors[0].Message}";
            Console.WriteLine($"| {name} | {bytes.Length / 1024.0:N0} KB | {median:N1} ms | {median / baseline:N2} | {outcome} |");
        }
    }

    private static string NearMisses(DatasetSchema schema)
    {
        // The standard's columns but three (so that it is taken as the header), then near misses up to the limit.
        var names = schema.Fields.Select(f => f.Name).ToArray();
        var real = names[..^3];
        var header = string.Join(',', real.Concat(Enumerable.Range(0, CsvValidator.MaxColumns - real.Length).Select(i => names[i % names.Length] + "x")));
        var row = string.Join(',', Enumerable.Range(0, CsvValidator.MaxColumns).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return header + "\r\n" + string.Concat(Enumerable.Repeat(row + "\r\n", 100));
    }
}
