using Madoguchi;
using Madoguchi.Cli;
using Madoguchi.Platform;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;

// Every regular expression gets a time limit unless it sets its own: forms published from the builder (or imported
// from another city) carry their own patterns, which check what residents type (docs/decisions/0020 §9).
AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(2));

// One executable: the web platform, or the admin command line when the first argument is a command.
try
{
    var builder = WebApplication.CreateBuilder(AdminCli.WebArguments(args));
    var settings = MadoguchiSettings.Load(builder.Configuration, builder.Environment.ContentRootPath);
    if (!AdminCli.IsCommand(args))
    {
        settings.RequireForWeb();
        HostRestriction.Apply(builder.Configuration, settings);
    }

    builder.AddMadoguchi(settings);
    var app = builder.Build();

    if (AdminCli.IsCommand(args))
    {
        return await AdminCli.RunAsync(app.Services, args);
    }

    await app.PrepareDatabaseAsync(settings);
    app.UseMadoguchi();
    await app.StartAsync();
    StartupBanner.Print(app, settings);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (Exception ex) when (ex is StartupConfigurationException or Madoguchi.Features.Procedures.Catalog.CatalogException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

public partial class Program;
