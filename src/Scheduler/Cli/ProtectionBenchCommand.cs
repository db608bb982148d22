using System.CommandLine;
using Npgsql;
using Survey.Scheduler.Bench;
using Survey.Scheduler.Database;

namespace Survey.Scheduler.Cli;

/// <summary>survey bench-protection [--respondents N] [--units N]: the wave's protection decision on a fresh, throwaway database.</summary>
internal static class ProtectionBenchCommand
{
    public static Command Create(CliContext context)
    {
        var respondents = new Option<int>("--respondents") { Description = "Respondents in the generated wave.", DefaultValueFactory = _ => 1_000_000 };
        var units = new Option<int>("--units") { Description = "Units in the generated wave (spread over 4 administrations).", DefaultValueFactory = _ => 48_000 };
        var command = new Command("bench-protection", "Benchmark the wave's protection decision (count, decide, store) on a generated wave (fresh database, dropped after).")
        {
            respondents, units,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var server = new NpgsqlConnectionStringBuilder(await SurveyDatabase.ResolveAsync(context.Config, ct)) { Database = "postgres" };
            await ProtectionBenchmark.RunAsync(server.ConnectionString, parseResult.GetValue(respondents), parseResult.GetValue(units), context.Out, ct);
            return 0;
        });
        return command;
    }
}
