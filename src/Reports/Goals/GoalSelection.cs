using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Survey.Reports.Goals;

/// <summary>
/// Which outcomes to compute: a wave by its code, or a month 'YYYY-MM' (the latest wave that ended on or before the
/// month's end, and the indicator values of that month).
/// </summary>
public sealed partial record GoalSelection
{
    public string? WaveCode { get; private init; }
    public string? Period { get; private init; }

    /// <summary>Whether retired goals are shown too (their history); reports leave them out.</summary>
    public bool IncludeRetired { get; private init; }

    public GoalSelection WithRetired() => this with { IncludeRetired = true };

    /// <summary>An earlier wave, to compare with, showing the same goals.</summary>
    internal GoalSelection Earlier(string waveCode) => ForWave(waveCode) with { IncludeRetired = IncludeRetired };

    public static GoalSelection ForWave(string code) => new() { WaveCode = code };

    /// <summary>A month 'YYYY-MM' from 1900-01 to 2999-12 (no survey is followed up outside them); anything else is the user's mistake.</summary>
    public static GoalSelection ForPeriod(string period) =>
        PeriodPattern().IsMatch(period) ? new() { Period = period }
            : throw new UserError($"Ogiltig period '{period}': ange en månad ÅÅÅÅ-MM mellan 1900-01 och 2999-12, t.ex. 2021-05.");

    /// <summary>The last day of a 'YYYY-MM' month.</summary>
    public static DateOnly MonthEnd(string period)
    {
        var (year, month) = (int.Parse(period[..4], CultureInfo.InvariantCulture), int.Parse(period[5..], CultureInfo.InvariantCulture));
        return new DateOnly(year, month, DateTime.DaysInMonth(year, month));
    }

    [GeneratedRegex("^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$")]
    private static partial Regex PeriodPattern();

    internal sealed record ResolvedWave(short Id, string Code, DateOnly EndsOn);

    /// <summary>The wave this selection means (null for a month before any wave ended).</summary>
    internal async Task<ResolvedWave?> ResolveWaveAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        if (WaveCode is { } code)
            return await connection.QuerySingleOrDefaultAsync<ResolvedWave>(new CommandDefinition(
                       "SELECT id, code, ends_on AS EndsOn FROM wave WHERE code = @code", new { code }, cancellationToken: ct))
                   ?? throw new UserError($"Okänd mätning '{code}' (se survey waves).");
        return await connection.QuerySingleOrDefaultAsync<ResolvedWave>(new CommandDefinition("""
            SELECT id, code, ends_on AS EndsOn FROM wave WHERE ends_on <= @end
            ORDER BY ends_on DESC, starts_on DESC, id DESC LIMIT 1
            """, new { end = MonthEnd(Period!) }, cancellationToken: ct));
    }
}
