using System.Diagnostics;
using System.Text.RegularExpressions;
using Survey.Reports.Analyst;
using Survey.Reports.Board;
using Survey.Reports.Goals;
using Survey.Tests.Cli;

namespace Survey.Tests.Catalogue;

/// <summary>
/// One way through: a wave given by a user is resolved once per request into a typed value that everything below
/// takes, and the instrument and goal definitions are read once per request (its snapshot), however many waves the
/// request counts (the comparison, the trend). Counted on the commands Npgsql traces for the request alone.
/// </summary>
public sealed partial class OneWayThroughTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_request_reads_the_waves_the_instrument_and_the_definitions_once_however_many_waves_it_counts()
    {
        using var dir = new TempFolder();
        Assert.Equal(0, (await Cli("ingest", dir.Write("2021.csv", FollowUpTests.Export2021), "--wave", "V16-2021", "--allow-missing-questions")).Exit);
        Assert.Equal(0, (await Cli("waves", "add", "V16-2022", "--name", "V16 2022", "--from", "2022-04-18", "--to", "2022-04-24")).Exit);
        Assert.Equal(0, (await Cli("ingest", dir.Write("2022.csv", FollowUpTests.Export2022), "--wave", "V16-2022", "--allow-missing-questions")).Exit);
        Assert.Equal(0, (await Cli("headcount", dir.Write("hc.csv", FollowUpTests.Headcount2022), "--wave", "V16-2022")).Exit);
        Assert.Equal(0, (await Cli("waves", "add", "V16-2022-10", "--name", "Puls", "--from", "2022-10-03", "--to", "2022-10-09",
            "--questions", "B_KON,D_DAGAR,D_AVTAL,D_ONSKAT,A_ATERHAMTNING")).Exit);
        Assert.Equal(0, (await Cli("ingest", dir.Write("puls.csv", FollowUpTests.ExportPulse), "--wave", "V16-2022-10")).Exit);

        // The pulse's goals compared with V16-2022 (and V16-2021 for what 2022 did not show): three waves counted.
        var goals = await StatementsAsync(() => GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave("V16-2022-10"), default));
        // November's board report: the pulse, its comparisons and the trend over all three waves.
        var board = await StatementsAsync(() => BoardReports.GenerateAsync(db.DataSource, "2022-11", default));
        var analyst = await StatementsAsync(() => AnalystWorkbooks.WriteAsync(db.DataSource, "V16-2022", [], Stream.Null, default));
        foreach (var (request, statements) in new[] { ("goals", goals), ("board", board), ("analyst", analyst) })
        {
            Assert.True(statements.Count(s => WaveTable().IsMatch(s)) == 1, $"{request}: wave read {statements.Count(s => WaveTable().IsMatch(s))} times");
            Assert.True(statements.Count(s => s.Contains("FROM question ", StringComparison.Ordinal)) == 1, $"{request}: instrument read more than once");
            Assert.True(statements.Count(s => s.Contains("min_answered", StringComparison.Ordinal)) == 1, $"{request}: definitions read more than once");
        }
    }

    /// <summary>The SQL of every command the action runs (in its own trace, so other tests' commands are not counted).</summary>
    internal static async Task<IReadOnlyList<string>> StatementsAsync(Func<Task> action)
    {
        using var source = new ActivitySource("Survey.Tests.OneWayThrough");
        var statements = new System.Collections.Concurrent.ConcurrentQueue<string>();
        ActivityTraceId trace = default;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name || s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name == "Npgsql" && a.TraceId == trace)
                    statements.Enqueue(a.GetTagItem("db.query.text") as string ?? a.GetTagItem("db.statement") as string ?? a.DisplayName);
            },
        };
        ActivitySource.AddActivityListener(listener);
        using (var request = source.StartActivity("request")!)
        {
            trace = request.TraceId;
            await action();
        }
        return [.. statements];
    }

    [GeneratedRegex(@"\b(FROM|JOIN) wave\b")]
    private static partial Regex WaveTable();

    private Task<(int Exit, string Out, string Error)> Cli(params string[] args) => CliTests.RunAsync(db, args);
}
