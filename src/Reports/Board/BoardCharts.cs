using Dapper;
using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Workbooks;

namespace Survey.Reports.Board;

/// <summary>
/// Which charts the board report carries, drawn from the computed (already suppressed) outcomes: every goal's bars
/// per administration and trend, then the charts the goals are given in goal_chart (place 'board': bars per home
/// municipality, the distribution of the goal's question), in their order.
/// </summary>
internal static class BoardCharts
{
    private const int RowsPerChart = 24; // 450 px at the default 20 px row height, plus a gap

    /// <summary>A distribution chart's figures: its axis (the question's text) and the share per answer.</summary>
    internal sealed record Distribution(string Axis, IReadOnlyList<(string Answer, double Share)> Shares);

    /// <param name="distributions">Awaited only when the first distribution chart is drawn (being counted meanwhile).</param>
    public static async Task<IReadOnlyList<Picture>> ForAsync(GoalReport report, IReadOnlyList<GoalReport> waves,
        IReadOnlyList<GoalTrend.IndicatorPoint> indicators, Task<IReadOnlyDictionary<string, Distribution>> distributions)
    {
        var charts = new List<(byte[] Png, string Description)>();
        foreach (var goal in report.Goals.Where(g => g.Breakdowns.Administration.Count > 0))
            charts.Add((Charts.Charts.OutcomeByAdministration(goal), $"{goal.Title}: utfall per förvaltning med målvärdet som linje"));
        foreach (var goal in report.Goals)
            if (GoalTrend.Points(goal, waves, indicators) is var points && points.Any(p => p.Outcome is not null))
                charts.Add((Charts.TrendChart.Png(goal, points),
                    $"{goal.Title}: utfall per {(goal.Info.Source == "indicator" ? "månad" : "mätning med 95 % konfidensintervall")} " +
                    "och målvärdet som linje. Siffrorna finns på bladet Trend."));
        foreach (var (goal, chart) in Chosen(report))
        {
            if (chart.Breakdown == GoalChart.Municipality && goal.Breakdowns.Municipality.Count > 0)
                charts.Add((Charts.Charts.OutcomeByMunicipality(goal), $"{chart.Title ?? goal.Title}: utfall per hemkommun med målvärdet som linje"));
            else if (chart.Breakdown == GoalChart.Distribution && (await distributions).TryGetValue(goal.Code, out var d))
                charts.Add((Charts.Charts.Distribution(chart.TitleOf(goal), d.Axis, d.Shares), $"Fördelning av svaren: {chart.TitleOf(goal)}"));
        }
        return charts.Select((c, i) => new Picture(c.Png, 2 + i * RowsPerChart, 0, PngWidth(c.Png), Charts.Charts.Height, c.Description))
            .ToList();
    }

    private static IEnumerable<(GoalOutcome Goal, GoalChart Chart)> Chosen(GoalReport report) =>
        report.Goals.SelectMany(g => g.Info.Charts.Where(c => c.Place == GoalChart.Board).Select(c => (g, c))).OrderBy(x => x.c.Sort);

    /// <summary>The width in pixels from the PNG header (IHDR), so wider charts keep their proportions.</summary>
    private static int PngWidth(byte[] png) => (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];

    /// <summary>
    /// For each goal given a distribution chart, the share of the wave's respondents per answer of the one question
    /// the goal reads (among those who answered it); none when fewer than 5 answered or the wave does not ask it.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, Distribution>> DistributionsAsync(ReportSnapshot snapshot, GoalReport report,
        CancellationToken ct)
    {
        var result = new Dictionary<string, Distribution>();
        if (report.WaveId is not { } waveId)
            return result;
        var (connection, instrument, measures) = (snapshot.Connection, await snapshot.InstrumentAsync(ct), await snapshot.MeasuresAsync(ct));
        foreach (var (goal, _) in Chosen(report).Where(x => x.Chart.Breakdown == GoalChart.Distribution))
        {
            if (measures.FirstOrDefault(m => m.GoalCode == goal.Code) is not { Reads: [var code] })
                continue;
            var question = instrument.Question(code);
            var rows = (await connection.QueryAsync<(double Answer, long Count)>(new CommandDefinition($"""
                SELECT answers[{question.Position}]::float8 / {question.Scale}, count(*)
                FROM respondent WHERE wave_id = @waveId AND answers[{question.Position}] IS NOT NULL
                GROUP BY 1 ORDER BY 1
                """, new { waveId }, cancellationToken: ct))).ToList();
            var total = rows.Sum(r => r.Count);
            if (Privacy.Suppression.TooSmall(total))
                continue;
            var labels = instrument.OptionsOf(code).ToDictionary(o => (double)o.Code, o => o.Label);
            result[goal.Code] = new Distribution(question.Text, rows.Select(r =>
                (labels.GetValueOrDefault(r.Answer) ?? r.Answer.ToString("0.#", Charts.ChartFont.Swedish), (double)r.Count / total)).ToList());
        }
        return result;
    }
}
