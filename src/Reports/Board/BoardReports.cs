using ClosedXML.Excel;
using Dapper;
using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Workbooks;

namespace Survey.Reports.Board;

/// <summary>
/// The monthly board report: generated for a month 'YYYY-MM' and kept in the report table, exactly one per month.
/// The CLI replaces a stored report; the scheduled job only ensures one exists, and when several servers race the
/// table's unique (kind, period, scope) lets exactly one insert win (a constraint, not a lock).
/// </summary>
public static class BoardReports
{
    public static string FileName(string period) => $"styrelserapport-{period}.xlsx";

    public static async Task<byte[]> GenerateAsync(NpgsqlDataSource db, string period, CancellationToken ct)
    {
        await using var snapshot = await ReportSnapshot.BeginAsync(db, ct);
        var selection = GoalSelection.ForPeriod(period);
        // The distribution charts' answers: kept with the goal tally, or else counted on a second connection in the
        // snapshot's state while the outcomes are computed and the sheets built.
        var counting = await BoardCharts.StartDistributionsAsync(snapshot, selection, ct);
        try
        {
            GoalReport report;
            using (Timings.Phase("board: outcomes"))
                report = await GoalOutcomes.ComputeAsync(snapshot, selection, ct);
            var waves = await GoalTrend.WavesAsync(snapshot, report, ct);
            var indicators = await GoalTrend.IndicatorsAsync(snapshot, period, ct);
            var sources = await Provenance.LoadAsync(snapshot, report, period, ct);
            var employees = await EmployeesAsync(snapshot.Connection, report.WaveId, ct);

            using var workbook = new XLWorkbook();
            using (Timings.Phase("board: sheets"))
            {
                BoardWorkbook.GoalTable(workbook, report);
                BoardWorkbook.Breakdown(workbook, report, Dimension.Gender.Heading, b => b.Gender, ["Kvinna", "Man"]);
                BoardWorkbook.Breakdown(workbook, report, Dimension.Administration.Heading, b => b.Administration);
                BoardWorkbook.Breakdown(workbook, report, Dimension.Municipality.Heading, b => b.Municipality);
                BoardWorkbook.Trend(workbook, waves, indicators, report);
                BoardWorkbook.ResponseRate(workbook, report, employees);
            }
            // The charts are drawn on a thread of their own while the workbook is saved; they are placed after.
            IReadOnlyList<BoardCharts.Planned> planned;
            using (Timings.Phase("board: distributions awaited"))
                planned = await BoardCharts.PlanAsync(report, waves, indicators, counting);
            var drawing = Task.Run(() =>
            {
                using (Timings.Phase("board: charts drawn"))
                    return BoardCharts.Draw(planned);
            }, ct);
            var charts = workbook.AddWorksheet(BoardWorkbook.ChartSheet);
            charts.Cell(1, 1).Text($"Diagram, {period}").Style.Font.SetBold().Font.SetFontSize(14);
            SheetLayout.Print(charts);
            // One chart per printed page: a break above every chart but the first.
            for (var i = 1; i < planned.Count; i++)
                charts.PageSetup.AddHorizontalPageBreak(BoardCharts.RowOf(i));
            Provenance.AddSheet(workbook, report, sources, "Hela regionen", snapshot.Of);
            using var saved = new MemoryStream();
            using (Timings.Phase("board: saved"))
                workbook.SaveAs(saved);
            var pictures = await drawing;
            await counting; // done: its connection is closed
            using (Timings.Phase("board: charts placed"))
                return Pictures.Embed(saved.ToArray(), BoardWorkbook.ChartSheet, pictures);
        }
        catch
        {
            await Task.WhenAny(counting); // its connection closes when it ends, whatever it came to
            throw;
        }
    }

    /// <summary>Stores a generated report; with replace an existing one for the month is overwritten. Returns whether it was stored.</summary>
    public static async Task<bool> StoreAsync(NpgsqlDataSource db, string period, byte[] content, bool replace, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition($"""
            INSERT INTO report (kind, period, scope, status, file_name, content, created_at)
            VALUES ('board', @period, '', 'ready', @fileName, @content, now())
            ON CONFLICT (kind, period, scope) DO UPDATE
                SET status = 'ready', file_name = excluded.file_name, content = excluded.content,
                    created_at = excluded.created_at, error = NULL
                WHERE {(replace ? "true" : "report.status <> 'ready'")}
            RETURNING id
            """, new { period, fileName = FileName(period), content }, cancellationToken: ct));
        return id is not null;
    }

    /// <summary>
    /// What the monthly job calls: makes sure the month's report exists. Safe to run twice and on several servers
    /// at once; returns whether this call stored it.
    /// </summary>
    public static async Task<bool> EnsureAsync(NpgsqlDataSource db, string period, CancellationToken ct)
    {
        GoalSelection.ForPeriod(period);
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM report WHERE kind = 'board' AND period = @period AND scope = '' AND status = 'ready')",
                    new { period }, cancellationToken: ct)))
                return false;
        }
        return await StoreAsync(db, period, await GenerateAsync(db, period, ct), replace: false, ct);
    }

    private static async Task<IReadOnlyDictionary<string, long>> EmployeesAsync(NpgsqlConnection connection, short? waveId,
        CancellationToken ct) =>
        (await connection.QueryAsync<(string Name, long Employees)>(new CommandDefinition("""
            SELECT a.name, sum(h.employees)::bigint
            FROM headcount h JOIN administration named ON named.id = h.administration_id
            JOIN administration a ON a.id = coalesce(named.merged_into, named.id)
            WHERE h.wave_id = @wave GROUP BY a.id, a.name ORDER BY a.id
            """, new { wave = waveId ?? -1 }, cancellationToken: ct))).ToDictionary(r => r.Name, r => r.Employees);
}
