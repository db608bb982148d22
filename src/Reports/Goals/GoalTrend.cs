using Dapper;

namespace Survey.Reports.Goals;

/// <summary>The trend behind a report: the outcomes of every wave that ended by the report's wave, and the indicator
/// values month by month up to its period.</summary>
public static class GoalTrend
{
    public sealed record IndicatorPoint(string Goal, string Period, decimal Value);

    /// <summary>One point of a goal's trend: a wave (or an indicator's month) with its outcome, n and 95 % interval;
    /// Measured false where the wave does not ask the goal's questions.</summary>
    public sealed record Point(string When, double? Outcome, long? N, double? Low, double? High, bool Measured);

    /// <summary>A goal's points over the waves (an indicator's over the months), oldest first: what the Trend sheet
    /// lists and the goal's trend chart draws, so the chart's figures are in the sheet.</summary>
    public static IReadOnlyList<Point> Points(GoalOutcome goal, IReadOnlyList<GoalReport> waves, IReadOnlyList<IndicatorPoint> indicators) =>
        goal.Info.Source == "indicator"
            ? indicators.Where(i => i.Goal == goal.Code).Select(i => new Point(i.Period, (double)i.Value, null, null, null, true)).ToList()
            : waves.Select(w => (w.Wave!, Past: w.Goals.FirstOrDefault(g => g.Code == goal.Code)))
                .Where(w => w.Past is not null)
                .Select(w => new Point(w.Item1, w.Past!.Outcome, w.Past.N, w.Past.CiLow, w.Past.CiHigh, w.Past.Measured))
                .ToList();

    public static async Task<IReadOnlyList<GoalReport>> WavesAsync(ReportSnapshot snapshot, GoalReport report, CancellationToken ct)
    {
        if (report.Of is not { } current)
            return [];
        var reports = new List<GoalReport>();
        foreach (var wave in (await snapshot.WavesAsync(ct)).Where(w => w.EndsOn <= current.EndsOn))
            reports.Add(wave.Id == current.Id ? report : await GoalOutcomes.ComputeAsync(snapshot, GoalSelection.For(wave), WaveFilter.All, ct));
        return reports;
    }

    public static async Task<IReadOnlyList<IndicatorPoint>> IndicatorsAsync(ReportSnapshot snapshot, string? upToPeriod, CancellationToken ct) =>
        (await snapshot.Connection.QueryAsync<IndicatorPoint>(new CommandDefinition("""
            SELECT goal_code AS Goal, period, value FROM indicator_value
            WHERE @period::text IS NULL OR period <= @period
            ORDER BY goal_code, period
            """, new { period = upToPeriod }, cancellationToken: ct))).ToList();
}
