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
        var report = await GoalOutcomes.ComputeAsync(snapshot, GoalSelection.ForPeriod(period), ct);
        var waves = await GoalTrend.WavesAsync(snapshot, report, ct);
        var indicators = await GoalTrend.IndicatorsAsync(snapshot, period, ct);
        var sources = await Provenance.LoadAsync(snapshot, report, period, ct);
        var employees = await EmployeesAsync(snapshot.Connection, report.WaveId, ct);
        // The server counts the distributions (a pass over the wave's respondents) while this process builds the
        // sheets and draws the other charts; nothing below uses the snapshot's connection until they are awaited.
        var counting = BoardCharts.DistributionsAsync(snapshot, report, ct);

        using var workbook = new XLWorkbook();
        BoardWorkbook.GoalTable(workbook, report);
        BoardWorkbook.Breakdown(workbook, report, Dimension.Gender.Heading, b => b.Gender, ["Kvinna", "Man"]);
        BoardWorkbook.Breakdown(workbook, report, Dimension.Administration.Heading, b => b.Administration);
        BoardWorkbook.Breakdown(workbook, report, Dimension.Municipality.Heading, b => b.Municipality);
        BoardWorkbook.Trend(workbook, waves, indicators, report);
        BoardWorkbook.ResponseRate(workbook, report, employees);
        IReadOnlyList<Picture> pictures;
        using (Timings.Phase("board: charts drawn"))
            pictures = await BoardCharts.ForAsync(report, waves, indicators, counting);
        await counting; // done with the connection, even where no goal has a distribution chart
        var charts = workbook.AddWorksheet(BoardWorkbook.ChartSheet);
        charts.Cell(1, 1).Text($"Diagram, {period}").Style.Font.SetBold().Font.SetFontSize(14);
        SheetLayout.Print(charts);
        // One chart per printed page: a break above every chart but the first.
        foreach (var picture in pictures.Skip(1))
            charts.PageSetup.AddHorizontalPageBreak(picture.Row);
        Provenance.AddSheet(workbook, report, sources, "Hela regionen", snapshot.Of);
        using var saved = new MemoryStream();
        workbook.SaveAs(saved);
        return Pictures.Embed(saved.ToArray(), BoardWorkbook.ChartSheet, pictures);
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
