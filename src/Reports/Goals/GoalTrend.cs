using Dapper;
using Npgsql;

namespace Survey.Reports.Goals;

/// <summary>The trend behind a report: the outcomes of every wave that ended by the report's wave, and the indicator
/// values month by month up to its period.</summary>
public static class GoalTrend
{
    public sealed record IndicatorPoint(string Goal, string Period, decimal Value);

    public static async Task<IReadOnlyList<GoalReport>> WavesAsync(NpgsqlDataSource db, GoalReport report, CancellationToken ct)
    {
        if (report.Wave is null)
            return [];
        await using var connection = await db.OpenConnectionAsync(ct);
        var codes = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT w.code FROM wave w, wave current
            WHERE current.code = @wave AND w.ends_on <= current.ends_on
            ORDER BY w.ends_on, w.starts_on, w.id
            """, new { wave = report.Wave }, cancellationToken: ct));
        var reports = new List<GoalReport>();
        foreach (var code in codes)
            reports.Add(code == report.Wave ? report : await GoalOutcomes.ComputeAsync(db, GoalSelection.ForWave(code), WaveFilter.All, ct));
        return reports;
    }

    public static async Task<IReadOnlyList<IndicatorPoint>> IndicatorsAsync(NpgsqlDataSource db, string? upToPeriod, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<IndicatorPoint>(new CommandDefinition("""
            SELECT goal_code AS Goal, period, value FROM indicator_value
            WHERE @period::text IS NULL OR period <= @period
            ORDER BY goal_code, period
            """, new { period = upToPeriod }, cancellationToken: ct))).ToList();
    }
}
