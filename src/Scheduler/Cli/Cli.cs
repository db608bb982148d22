using System.CommandLine;
using Npgsql;
using Survey.Scheduler.Database;

namespace Survey.Scheduler.Cli;

/// <summary>
/// The survey command line. Exit codes: 0 success, 2 a user's mistake (one line on stderr, no stack trace),
/// 1 a fault of the product or its machine (a database outage said in words).
/// </summary>
internal static class Cli
{
    public static async Task<int> RunAsync(string[] args, IConfiguration config, TextWriter stdout, TextWriter stderr,
        CancellationToken ct = default, TextReader? stdin = null)
    {
        // Uploads bring the goal tally up to date in their own transaction (CLI, inbox and web uploads alike), a
        // wave's first load from the rows it counted as it parsed them.
        Survey.Ingest.Uploads.StoredRespondents.Keep = Survey.Reports.Goals.GoalTally.KeepCurrentAsync;
        Survey.Ingest.Uploads.StoredRespondents.Counting = Survey.Reports.Goals.RespondentCounter.BeginAsync;
        await using var context = new CliContext(config, stdout, stderr, stdin ?? Console.In);
        var root = new RootCommand("V16 survey and follow-up reporting: ingest exports, compute goals, write reports.");
        foreach (var command in CommandCatalog.All(context))
            root.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await stderr.WriteLineAsync($"error: {parsed.Errors[0].Message} (see --help)");
            return 2;
        }
        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (UserError e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled");
            return 130;
        }
        catch (Exception e) when (DatabaseFault.Describe(e) is { } fault)
        {
            await stderr.WriteLineAsync($"error: {fault}");
            if (Environment.GetEnvironmentVariable("SURVEY_DEBUG") is { Length: > 0 })
                await stderr.WriteLineAsync(e.ToString());
            return 1;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("SURVEY_DEBUG") is { Length: > 0 })
                await stderr.WriteLineAsync(e.ToString());
            return 1;
        }
    }

    public static IConfiguration DefaultConfiguration() =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
}

/// <summary>What every command gets: configuration, output and the process's one data source, opened on first use.</summary>
internal sealed class CliContext(IConfiguration config, TextWriter stdout, TextWriter stderr, TextReader stdin) : IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;

    public IConfiguration Config { get; } = config;
    public TextWriter Out { get; } = stdout;
    public TextWriter Error { get; } = stderr;
    public TextReader In { get; } = stdin;

    public async Task<NpgsqlDataSource> DatabaseAsync(CancellationToken ct) =>
        _dataSource ??= await SurveyDatabase.OpenAsync(Config, ct);

    /// <summary>
    /// Tells the user what a changing command did and records it in the audit log as done from the command line by
    /// the operating-system user, so the log shows every change whichever way it was made.
    /// </summary>
    public async Task DoneAsync(string action, string message, CancellationToken ct)
    {
        await Out.WriteLineAsync(message);
        await Audit.Audit.RecordAsync(await DatabaseAsync(ct), $"cli:{Environment.UserName}", action, null, message, null, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }
}
