using System.Diagnostics;
using Npgsql;
using Survey.Reports;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;
using Survey.Scheduler.Database;

namespace Survey.Scheduler.Bench;

/// <summary>
/// The wave's protection decision alone, on a fresh database with the reports benchmark's wave: the pass that counts
/// every sheet row (SheetCounts), the decision over those counts and the kept tally (WaveProtection.From), and the
/// whole of what an upload's transaction adds for it (WaveProtection.DecideAndStoreAsync: count, decide, store),
/// each the median of 3.
/// </summary>
internal static class ProtectionBenchmark
{
    public static async Task RunAsync(string serverConnectionString, int respondents, int units, TextWriter output, CancellationToken ct)
    {
        var name = $"survey_bench_{Guid.NewGuid():N}"[..24];
        await SurveyDatabase.CreateDatabaseIfMissingAsync(serverConnectionString, name, ct);
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
        try
        {
            await Migrations.ApplyAsync(connectionString, ct);
            await using var db = NpgsqlDataSource.Create(connectionString);
            var fill = Stopwatch.StartNew();
            await ReportsBenchmarkData.FillAsync(db, respondents, units, ct);
            await output.WriteLineAsync($"respondents            {respondents,12:N0}   generated in {fill.Elapsed.TotalSeconds:F1} s ({units:N0} units)");
            // The first request counts and keeps the tally (and decides); the timings below reuse its counts.
            await GoalOutcomes.ComputeAsync(db, GoalSelection.ForWave(ReportsBenchmarkData.WaveCode), ct);

            await using var connection = await db.OpenConnectionAsync(ct);
            WaveCounts counts;
            Instrument instrument;
            IReadOnlyList<SurveyMeasure> measures;
            short waveId;
            await using (var snapshot = await ReportSnapshot.BeginAsync(db, ct))
            {
                instrument = await snapshot.InstrumentAsync(ct);
                measures = await snapshot.MeasuresAsync(ct);
                waveId = GoalSelection.ForWave(ReportsBenchmarkData.WaveCode).Resolve(await snapshot.WavesAsync(ct))!.Id;
                counts = await GoalTally.CountsAsync(snapshot, instrument, measures, waveId, WaveFilter.All, ct);
            }
            SheetCounts? sheets = null;
            var pass = await MedianAsync(async () => sheets = await SheetCounts.CountAsync(connection, null, instrument, waveId, ct));
            WaveProtection? protection = null;
            var decide = await MedianAsync(() =>
            {
                protection = WaveProtection.From(counts, measures, sheets!);
                return Task.CompletedTask;
            });
            var whole = await MedianAsync(async () =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await WaveProtection.DecideAndStoreAsync(connection, transaction, instrument, measures, counts, waveId, ct);
                await transaction.RollbackAsync(ct);
            });
            await output.WriteLineAsync($"sheet counts pass      {pass.TotalMilliseconds,10:F0} ms   (median of 3; {sheets!.Units.Count:N0} units)");
            await output.WriteLineAsync($"decision               {decide.TotalMilliseconds,10:F0} ms   (median of 3; {protection!.Cells.Count:N0} rows, {protection.Units!.Count:N0} hidden units)");
            await output.WriteLineAsync($"count, decide, store   {whole.TotalMilliseconds,10:F0} ms   (median of 3; as in an upload's transaction)");
        }
        finally
        {
            await SurveyDatabase.DropDatabaseAsync(serverConnectionString, name);
        }
    }

    private static async Task<TimeSpan> MedianAsync(Func<Task> action)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed);
        }
        return times.Order().ElementAt(1);
    }
}
