using System.CommandLine;
using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Population;
using Madoguchi.Platform.Csv;

namespace Madoguchi.Cli;

/// <summary>
/// <c>residents</c>: the resident link from the command line (docs/residents.md): take a file from the 住民記録
/// system, pull its changes now, or write the synthetic city as a file in the same format (for trials and tests).
/// </summary>
public static class ResidentsCli
{
    public static Command Command(IServiceProvider services)
    {
        var file = new Option<FileInfo>("--file") { Description = "CSV in the documented format (UTF-8 or Shift_JIS)", Required = true };
        var import = new Command("import", "Take a file of history records; nothing of it is taken if any row is refused") { file };
        import.SetAction((parse, cancellationToken) => AdminCli.RunScoped(services, async scope =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"Error: {path.FullName} does not exist.");
                return 2;
            }

            await using var stream = path.OpenRead();
            var report = await scope.GetRequiredService<ResidentFileImport>().ImportAsync(path.Name, stream, cancellationToken);
            var import = report.Import;
            if (!import.Applied)
            {
                Console.Error.WriteLine($"{report.FileName} ({report.Encoding}): 取り込みませんでした。{import.Problems.Count}件の不備があります。");
                foreach (var problem in import.Problems)
                {
                    Console.Error.WriteLine($"  {(problem.Row > 0 ? $"{problem.Row}行目" : "ファイル")}{(problem.Item is null ? string.Empty : $" {problem.Item}")}: {problem.Message}");
                }

                return 1;
            }

            Console.WriteLine($"{report.FileName} ({report.Encoding}): {import.Received}件を読み、{import.Added}件の履歴を追加、{import.CurrentChanged}人の現在の記録を更新、{import.Unchanged}件は取込済みでした。");
            return 0;
        }));

        var pull = new Command("pull", "Pull the changes of the 住民記録 system now (ResidentLink__BaseUrl)");
        pull.SetAction((_, cancellationToken) => AdminCli.RunScoped(services, async scope =>
        {
            var report = await scope.GetRequiredService<ResidentPull>().RunAsync(cancellationToken);
            Console.WriteLine($"{report.Pages}ページ、{report.Received}件を受け取り、{report.Added}件の履歴を追加、{report.CurrentChanged}人の現在の記録を更新しました。");
            if (!report.Completed)
            {
                Console.Error.WriteLine($"途中で止まりました: {report.Stopped}");
                foreach (var problem in report.Problems)
                {
                    Console.Error.WriteLine($"  {problem.Row}件目{(problem.Item is null ? string.Empty : $" {problem.Item}")}: {problem.Message}");
                }

                return 1;
            }

            return 0;
        }));

        var output = new Option<FileInfo>("--out") { Description = "Where to write the CSV", Required = true };
        var households = new Option<int>("--households") { Description = "Households to generate", DefaultValueFactory = _ => SyntheticPopulation.CityHouseholds };
        var seed = new Option<int>("--seed") { Description = "The same seed gives the same people", DefaultValueFactory = _ => DemoResidents.Seed };
        var encoding = new Option<string>("--encoding") { Description = "utf-8 (with a BOM) or shift_jis", DefaultValueFactory = _ => "utf-8" };
        var generate = new Command("generate", "Write a synthetic population (never real people) in the file format") { output, households, seed, encoding };
        generate.SetAction((parse, cancellationToken) => AdminCli.RunScoped(services, async scope =>
        {
            if (ExportEncodings.Parse(parse.GetValue(encoding)) is not { } chosen)
            {
                Console.Error.WriteLine("Error: --encoding must be utf-8 or shift_jis.");
                return 2;
            }

            var records = SyntheticPopulation.Generate(parse.GetValue(households), parse.GetValue(seed), Platform.Time.JapanTime.Today(scope.GetRequiredService<TimeProvider>()));
            await using var stream = parse.GetValue(output)!.Create();
            await ResidentCsv.WriteAsync(stream, records, chosen, cancellationToken);
            Console.WriteLine($"{records.Count}件の履歴（{records.Select(r => r.AtenaNumber).Distinct().Count()}人）を書き出しました。");
            return 0;
        }));

        return new Command("residents", "The resident link: import a file, pull changes, generate a synthetic city") { import, pull, generate };
    }
}
