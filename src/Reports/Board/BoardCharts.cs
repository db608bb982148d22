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

    /// <summary>A chart the report carries, to be drawn (PNG bytes), with its alternative text.</summary>
    internal sealed record Planned(Func<byte[]> Draw, string Description);

    /// <param name="distributions">Awaited only when a goal has a distribution chart (being counted meanwhile).</param>
    public static async Task<IReadOnlyList<Planned>> PlanAsync(GoalReport report, IReadOnlyList<GoalReport> waves,
        IReadOnlyList<GoalTrend.IndicatorPoint> indicators, Task<IReadOnlyDictionary<string, Distribution>> distributions)
    {
        var charts = new List<Planned>();
        foreach (var goal in report.Goals.Where(g => g.Breakdowns.Administration.Count > 0))
            charts.Add(new(() => Charts.Charts.OutcomeByAdministration(goal), $"{goal.Title}: utfall per förvaltning med målvärdet som linje"));
        foreach (var goal in report.Goals)
            if (GoalTrend.Points(goal, waves, indicators) is var points && points.Any(p => p.Outcome is not null))
                charts.Add(new(() => Charts.TrendChart.Png(goal, points),
                    $"{goal.Title}: utfall per {(goal.Info.Source == "indicator" ? "månad" : "mätning med 95 % konfidensintervall")} " +
                    "och målvärdet som linje. Siffrorna finns på bladet Trend."));
        foreach (var (goal, chart) in Chosen(report))
        {
            if (chart.Breakdown == GoalChart.Municipality && goal.Breakdowns.Municipality.Count > 0)
                charts.Add(new(() => Charts.Charts.OutcomeByMunicipality(goal), $"{chart.Title ?? goal.Title}: utfall per hemkommun med målvärdet som linje"));
            else if (chart.Breakdown == GoalChart.Distribution && (await distributions).TryGetValue(goal.Code, out var d))
                charts.Add(new(() => Charts.Charts.Distribution(chart.TitleOf(goal), d.Axis, d.Shares), $"Fördelning av svaren: {chart.TitleOf(goal)}"));
        }
        return charts;
    }

    /// <summary>The first row (0-based) of the planned chart at <paramref name="index"/> on the chart sheet.</summary>
    public static int RowOf(int index) => 2 + index * RowsPerChart;

    /// <summary>Draws the planned charts, one below the other from the sheet's third row.</summary>
    public static IReadOnlyList<Picture> Draw(IReadOnlyList<Planned> charts)
    {
        var pictures = new List<Picture>(charts.Count);
        foreach (var chart in charts)
        {
            var png = chart.Draw();
            pictures.Add(new Picture(png, RowOf(pictures.Count), 0, PngWidth(png), Charts.Charts.Height, chart.Description));
        }
        return pictures;
    }

    private static IEnumerable<(GoalOutcome Goal, GoalChart Chart)> Chosen(GoalReport report) =>
        report.Goals.SelectMany(g => g.Info.Charts.Where(c => c.Place == GoalChart.Board).Select(c => (g, c))).OrderBy(x => x.c.Sort);

    /// <summary>The width in pixels from the PNG header (IHDR), so wider charts keep their proportions.</summary>
    private static int PngWidth(byte[] png) => (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];

    /// <summary>
    /// For each goal given a distribution chart, the share of the wave's respondents per answer of the one question
    /// the goal reads (among those who answered it); none when fewer than 5 answered or the wave does not ask it.
    /// The answers are kept with the goal tally (<see cref="ChartedAnswers"/>); where the snapshot finds them not
    /// kept (a chart added since the tally was made, a tally to be counted again), they are counted by the task
    /// returned, a pass over the wave's respondents on a second connection in the same state, while the report goes
    /// on with its own queries. Everything else is read on the snapshot's connection before this returns.
    /// </summary>
    public static async Task<Task<IReadOnlyDictionary<string, Distribution>>> StartDistributionsAsync(ReportSnapshot snapshot,
        GoalSelection selection, CancellationToken ct)
    {
        var wave = selection.Resolve(await snapshot.WavesAsync(ct));
        var (instrument, measures) = (await snapshot.InstrumentAsync(ct), await snapshot.MeasuresAsync(ct));
        var questions = await ChartedAnswers.QuestionsAsync(snapshot.Connection, null, instrument, measures, selection.IncludeRetired, ct);
        if (wave is null || questions.Count == 0)
            return Task.FromResult<IReadOnlyDictionary<string, Distribution>>(new Dictionary<string, Distribution>());
        // Kept with the goal tally, when the snapshot sees one of its own respondents that has these questions.
        if (await GoalTally.KeptAnswersAsync(snapshot, wave.Id, ct) is { } kept && kept.Holds(questions.Select(q => q.Question)))
            return Task.FromResult(Distributions(kept));
        var connection = await snapshot.BesideAsync(ct);
        return CountAsync();

        async Task<IReadOnlyDictionary<string, Distribution>> CountAsync()
        {
            await using var _ = connection;
            return Distributions(await ChartedAnswers.CountAsync(connection, null, [.. questions.Select(q => q.Question)],
                "respondent WHERE wave_id = @wave", wave.Id, null, ct));
        }

        IReadOnlyDictionary<string, Distribution> Distributions(ChartedAnswers answers)
        {
            var result = new Dictionary<string, Distribution>();
            foreach (var (goal, question) in questions)
            {
                var rows = answers.Of(question.Code)!;
                var total = rows.Sum(r => r.Respondents);
                if (Privacy.Suppression.TooSmall(total))
                    continue;
                var labels = instrument.OptionsOf(question.Code).ToDictionary(o => (double)o.Code, o => o.Label);
                string Label(double value) => labels.GetValueOrDefault(value) ?? value.ToString("0.#", Charts.ChartFont.Swedish);
                result[goal] = new Distribution(question.Text,
                    [.. rows.Select(r => (Label((double)r.Answer / question.Scale), (double)r.Respondents / total))]);
            }
            return result;
        }
    }
}
