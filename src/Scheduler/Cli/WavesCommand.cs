using System.CommandLine;
using Dapper;

namespace Survey.Scheduler.Cli;

/// <summary>survey waves: the survey waves with their dates and how many have answered.</summary>
internal static class WavesCommand
{
    private sealed record WaveRow(string Code, string Name, DateOnly StartsOn, DateOnly EndsOn, long Respondents);

    public static Command Create(CliContext context)
    {
        var command = new Command("waves", "List the survey waves.");
        command.SetAction(async (_, ct) =>
        {
            var db = await context.DatabaseAsync(ct);
            await using var connection = await db.OpenConnectionAsync(ct);
            var waves = await connection.QueryAsync<WaveRow>(new CommandDefinition("""
                SELECT w.code, w.name, w.starts_on AS StartsOn, w.ends_on AS EndsOn,
                       (SELECT count(*) FROM respondent r WHERE r.wave_id = w.id) AS Respondents
                FROM wave w
                ORDER BY w.starts_on, w.code
                """, cancellationToken: ct));
            await context.Out.WriteLineAsync($"{"Mätning",-12} {"Namn",-28} {"Från",-10} {"Till",-10} {"Svarande",9}");
            foreach (var w in waves)
                await context.Out.WriteLineAsync($"{w.Code,-12} {w.Name,-28} {w.StartsOn:yyyy-MM-dd} {w.EndsOn:yyyy-MM-dd} {w.Respondents,9}");
            return 0;
        });
        return command;
    }
}
