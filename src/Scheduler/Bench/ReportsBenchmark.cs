using System.Diagnostics;
using Npgsql;
using Survey.Reports.Board;
using Survey.Reports.Goals;
using Survey.Scheduler.Database;

namespace Survey.Scheduler.Bench;

/// <summary>
/// The reports benchmark: a fresh database with one large wave; times one count(*) scan of the wave, all goals
/// with all breakdowns (first request, which counts the tally, and later requests), the board workbook end to end,
/// and the analyst workbook (time and peak RSS of `survey report analyst`).
/// </summary>
internal static class ReportsBenchmark
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

            var count = await MedianAsync(3, async () =>
            {
                await using var connection = await db.OpenConnectionAsync(ct);
                await using var command = new NpgsqlCommand(
                    $"SELECT count(*) FROM respondent WHERE wave_id = (SELECT id FROM wave WHERE code = '{ReportsBenchmarkData.WaveCode}')", connection);
                await command.ExecuteScalarAsync(ct);
            });
            var selection = GoalSelection.ForWave(ReportsBenchmarkData.WaveCode);
            var first = await TimeAsync(() => GoalOutcomes.ComputeAsync(db, selection, ct));
            var goals = await MedianAsync(5, () => GoalOutcomes.ComputeAsync(db, selection, ct));
            var (decision, cells) = await DecisionAsync(db, ct);
            var board = await TimeAsync(() => BoardReports.GenerateAsync(db, ReportsBenchmarkData.Period, ct));

            var file = Path.Combine(Path.GetTempPath(), $"{name}-analyst.xlsx");
            var (analyst, peak) = await AnalystInChildAsync(connectionString, file, ct);
            var size = new FileInfo(file).Length / 1024.0 / 1024.0;
            File.Delete(file);

            await output.WriteLineAsync($"count(*) of the wave   {count.TotalMilliseconds,10:F0} ms   (median of 3)");
            await output.WriteLineAsync($"all goals, breakdowns  {goals.TotalMilliseconds,10:F0} ms   (median of 5, tally kept)   ratio {goals / count:F2}");
            await output.WriteLineAsync($"  first request        {first.TotalMilliseconds,10:F0} ms   (counts the tally)          ratio {first / count:F2}");
            await output.WriteLineAsync($"protection decision    {decision.TotalMilliseconds,10:F1} ms   (median of 5, from the tally; {cells:N0} stored rows)");
            await output.WriteLineAsync($"board workbook         {board.TotalMilliseconds,10:F0} ms   (end to end, charts included)");
            await output.WriteLineAsync($"analyst workbook       {analyst.TotalMilliseconds,10:F0} ms   peak RSS {peak:F0} MB   file {size:F1} MB");
        }
        finally
        {
            await SurveyDatabase.DropDatabaseAsync(serverConnectionString, name);
        }
    }

    /// <summary>The wave's protection decision alone (WaveProtection.From over the kept tally's counts), median of 5.</summary>
    private static async Task<(TimeSpan Elapsed, int Cells)> DecisionAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var snapshot = await Survey.Reports.ReportSnapshot.BeginAsync(db, ct);
        var instrument = await snapshot.InstrumentAsync(ct);
        var measures = await snapshot.MeasuresAsync(ct);
        var waveId = GoalSelection.ForWave(ReportsBenchmarkData.WaveCode).Resolve(await snapshot.WavesAsync(ct))!.Id;
        var counts = await GoalTally.CountsAsync(snapshot, instrument, measures, waveId, WaveFilter.All, ct);
        var cells = 0;
        var elapsed = await MedianAsync(5, async () =>
        {
            var protection = Survey.Reports.Privacy.WaveProtection.From(counts, measures,
                await Survey.Reports.Privacy.SheetCounts.CountAsync(snapshot.Connection, null, instrument, waveId, ct));
            cells = protection.Cells.Count + protection.Units!.Count;
        });
        return (elapsed, cells);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }

    private static async Task<TimeSpan> MedianAsync(int runs, Func<Task> action)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
            times.Add(await TimeAsync(action));
        return times.Order().ElementAt(runs / 2);
    }

    /// <summary>
    /// The analyst workbook as a user runs it, `survey report analyst` in its own process, so its peak RSS is that
    /// of the command alone and not of this process's earlier work. VmHWM only grows, so its last reading is the peak.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, double PeakMb)> AnalystInChildAsync(string connectionString, string file, CancellationToken ct)
    {
        var start = new ProcessStartInfo { FileName = Environment.ProcessPath!, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
            start.ArgumentList.Add(typeof(ReportsBenchmark).Assembly.Location);
        foreach (var a in (string[])["report", "analyst", "--wave", ReportsBenchmarkData.WaveCode, "--out", file])
            start.ArgumentList.Add(a);
        start.Environment["ConnectionStrings__Survey"] = connectionString;
        var watch = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync(ct);
        _ = child.StandardOutput.ReadToEndAsync(ct);
        var peak = 0.0;
        while (!child.HasExited)
        {
            peak = Math.Max(peak, PeakRssMb(child.Id));
            await Task.Delay(20, ct);
        }
        await child.WaitForExitAsync(ct);
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"report analyst failed: {await error}");
        return (watch.Elapsed, peak);
    }

    private static double PeakRssMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return 0; // the process has just exited
        }
    }
}
