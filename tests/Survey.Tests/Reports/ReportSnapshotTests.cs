using System.Globalization;
using Dapper;
using Survey.Ingest.Uploads;
using Survey.Reports;
using Survey.Reports.Analyst;
using Survey.Tests.Cli;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Reports;

/// <summary>
/// A report made while a larger upload commits (issue 14 found workbooks whose goal table came from the old state
/// and whose free text from the new one). The race is made exact: the upload commits the moment the report's
/// snapshot is taken, before any of the report's own queries. The workbook must then equal the one made from the
/// old state alone, row for row, and differ from the one made after the upload.
/// </summary>
public sealed class ReportSnapshotTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Workbooks_made_while_an_upload_commits_are_wholly_of_the_state_before_it()
    {
        await Seed.SmallWaveAsync(db.DataSource, respondents: 120, seed: 5);
        var folder = Directory.CreateTempSubdirectory("survey-snapshot-").FullName;
        try
        {
            // survey report analyst
            var before = await AnalystAsync(folder, "before");
            // Without a kept tally the raced report counts the goals itself; the upload has committed by then, so its
            // snapshot's counts are no longer the database's and must be counted inside it and not kept: the one
            // tally kept is the upload's own, of the respondents after it.
            await using (var connection = await db.DataSource.OpenConnectionAsync())
                await connection.ExecuteAsync("DELETE FROM goal_tally_state");
            var raced = await AnalystAsync(folder, "raced", whileMade: () => UploadAsync(240, seed: 6));
            await using (var connection = await db.DataSource.OpenConnectionAsync())
                Assert.Equal([await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM respondent_change")],
                    await connection.QueryAsync<long>("SELECT changes FROM goal_tally_state"));
            var after = await AnalystAsync(folder, "after");
            AssertSameState(before, raced, after);
            Assert.NotEqual(Sheet(before, AnalystWorkbooks.FreeTextSheet), Sheet(after, AnalystWorkbooks.FreeTextSheet)); // where issue 14 saw the new state

            // survey report board (what the monthly job stores)
            var boardBefore = await BoardAsync(folder, "before");
            var boardRaced = await BoardAsync(folder, "raced", whileMade: () => UploadAsync(360, seed: 7));
            var boardAfter = await BoardAsync(folder, "after");
            AssertSameState(boardBefore, boardRaced, boardAfter);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertSameState(List<string> before, List<string> raced, List<string> after)
    {
        Assert.Equal(State(before), State(raced));
        Assert.NotEqual(State(before), State(after));
        Assert.Equal(Figures(before), Figures(raced));
        Assert.NotEqual(Figures(before), Figures(after));
    }

    /// <summary>The Definitioner sheet's state line without the moment it was read.</summary>
    private static string State(List<string> rows)
    {
        var line = rows.Single(r => r.Contains("Hela arbetsboken är läst ur ett och samma läge", StringComparison.Ordinal));
        return line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..];
    }

    private static IEnumerable<string> Figures(List<string> rows) =>
        rows.Where(r => !r.Contains("Hela arbetsboken är läst", StringComparison.Ordinal));

    private static IEnumerable<string> Sheet(List<string> rows, string sheet) =>
        rows.Where(r => r.StartsWith(sheet + "!", StringComparison.Ordinal));

    private Task<List<string>> AnalystAsync(string folder, string name, Func<Task>? whileMade = null) =>
        ReportAsync(whileMade, Path.Combine(folder, $"analyst-{name}.xlsx"), "report", "analyst", "--wave", Seed.Wave);

    private Task<List<string>> BoardAsync(string folder, string name, Func<Task>? whileMade = null) =>
        ReportAsync(whileMade, Path.Combine(folder, $"board-{name}.xlsx"), "report", "board", "--period", "2021-05");

    /// <summary>Runs the CLI command; <paramref name="whileMade"/> runs once, when the report's snapshot is taken.</summary>
    private async Task<List<string>> ReportAsync(Func<Task>? whileMade, string file, params string[] args)
    {
        var ran = 0;
        ReportSnapshot.Taken.Value = whileMade is null ? null : async () =>
        {
            if (Interlocked.Exchange(ref ran, 1) == 0)
                await whileMade();
        };
        try
        {
            var (exit, _, error) = await CliTests.RunAsync(db, [.. args, "--out", file]);
            Assert.True(exit == 0, error);
        }
        finally
        {
            ReportSnapshot.Taken.Value = null;
        }
        Assert.Equal(whileMade is null ? 0 : 1, ran);
        using var book = new WorkbookReader(await File.ReadAllBytesAsync(file));
        // Every row as text; free text is listed in random order, so its rows are compared as a set.
        return book.SheetNames.SelectMany(sheet => book.Rows(sheet).Select((row, i) =>
                $"{sheet}!{(sheet == AnalystWorkbooks.FreeTextSheet ? "" : i.ToString(CultureInfo.InvariantCulture))}:" +
                string.Join("|", row.Select(c => $"{c.Key}={c.Value}"))))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A larger export of the same wave (the first respondents again with other answers, and new ones), committed.</summary>
    private async Task UploadAsync(int respondents, int seed)
    {
        using var export = new MemoryStream();
        await Survey.Ingest.Sample.SampleExport.WriteAsync(db.DataSource, export, Survey.Ingest.Sample.SampleShape.Codes, respondents, seed, default);
        export.Position = 0;
        var result = await Ingestion.RunAsync(db.DataSource, new IngestRequest
        {
            Kind = UploadKind.Survey, FileName = $"larger-{respondents}.csv", Content = export, WaveCode = Seed.Wave, UploadedBy = "test",
        }, null, default);
        Assert.Equal("accepted", result.Status);
    }
}
