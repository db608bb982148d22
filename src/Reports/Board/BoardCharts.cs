using Dapper;
using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Workbooks;

namespace Survey.Reports.Board;

/// <summary>Which charts the board report carries, drawn from the computed (already suppressed) outcomes.</summary>
internal static class BoardCharts
{
    private const int RowsPerChart = 24; // 450 px at the default 20 px row height, plus a gap

    public static IReadOnlyList<Picture> For(GoalReport report, IReadOnlyList<GoalReport> waves,
        IReadOnlyList<GoalTrend.IndicatorPoint> indicators, IReadOnlyList<(double Days, double Share)> remoteDays)
    {
        var charts = new List<(byte[] Png, string Description)>();
        foreach (var goal in report.Goals.Where(g => g.Breakdowns.Administration.Count > 0))
            charts.Add((Charts.Charts.OutcomeByAdministration(goal), $"{goal.Title}: utfall per förvaltning med målvärdet som linje"));
        foreach (var goal in report.Goals)
            if (GoalTrend.Points(goal, waves, indicators) is var points && points.Any(p => p.Outcome is not null))
                charts.Add((Charts.TrendChart.Png(goal, points),
                    $"{goal.Title}: utfall per {(goal.Info.Source == "indicator" ? "månad" : "mätning med 95 % konfidensintervall")} " +
                    "och målvärdet som linje. Siffrorna finns på bladet Trend."));
        if (remoteDays.Count > 0)
            charts.Add((Charts.Charts.RemoteDays(remoteDays), "Fördelning av antal distansdagar per vecka"));
        if (report.Goals.FirstOrDefault(g => g.Code == "G_HUBB_INTRESSE") is { Breakdowns.Municipality.Count: > 0 } hub)
            charts.Add((Charts.Charts.HubInterestByMunicipality(hub), $"{hub.Title}: utfall per hemkommun med målvärdet som linje"));
        return charts.Select((c, i) => new Picture(c.Png, 2 + i * RowsPerChart, 0, PngWidth(c.Png), Charts.Charts.Height, c.Description))
            .ToList();
    }

    /// <summary>The width in pixels from the PNG header (IHDR), so wider charts keep their proportions.</summary>
    private static int PngWidth(byte[] png) => (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];

    /// <summary>Share of respondents per number of remote days (D_DAGAR), none when fewer than 5 answered.</summary>
    public static async Task<IReadOnlyList<(double Days, double Share)>> RemoteDaysAsync(NpgsqlConnection connection, short? waveId,
        CancellationToken ct)
    {
        if (waveId is null)
            return [];
        var question = (await Instrument.LoadAsync(connection, ct)).Question("D_DAGAR");
        var rows = (await connection.QueryAsync<(double Days, long Count)>(new CommandDefinition($"""
            SELECT answers[{question.Position}]::float8 / {question.Scale}, count(*)
            FROM respondent WHERE wave_id = @wave AND answers[{question.Position}] IS NOT NULL
            GROUP BY 1 ORDER BY 1
            """, new { wave = waveId }, cancellationToken: ct))).ToList();
        var total = rows.Sum(r => r.Count);
        return Privacy.Suppression.TooSmall(total) ? [] : rows.Select(r => (r.Days, (double)r.Count / total)).ToList();
    }
}
