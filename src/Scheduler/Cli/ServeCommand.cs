using System.CommandLine;
using Survey.Scheduler.Database;
using Survey.Scheduler.Hosting;

namespace Survey.Scheduler.Cli;

/// <summary>survey serve: the web pages and the Hangfire server. Start several on one database to scale out.</summary>
internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5016";

    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, e.g. http://0.0.0.0:8080 (several separated by ';').",
            DefaultValueFactory = _ => context.Config["urls"] is { Length: > 0 } configured ? configured : DefaultUrls,
        };
        var command = new Command("serve", "Run the web pages and the background jobs (Hangfire) until stopped.") { urls };
        command.SetAction(async (parseResult, ct) =>
        {
            var connectionString = await SurveyDatabase.ResolveAsync(context.Config, ct);
            await Migrations.ApplyAsync(connectionString, ct);
            var config = new ConfigurationBuilder()
                .AddConfiguration(context.Config)
                .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = parseResult.GetValue(urls) })
                .Build();
            using var host = SurveyHost.CreateBuilder(config, connectionString).Build();
            await host.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
