using System.Globalization;
using System.Text.RegularExpressions;

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

    /// <summary>A wave already resolved (an earlier wave to compare with, a wave of the trend, an analyst order's).</summary>
    private Wave? Resolved { get; init; }

    internal static GoalSelection For(Wave wave) => new() { WaveCode = wave.Code, Resolved = wave };

    /// <summary>An earlier wave, to compare with, showing the same goals.</summary>
    internal GoalSelection Earlier(Wave wave) => For(wave) with { IncludeRetired = IncludeRetired };

    /// <summary>The wave this selection means (null for a month before any wave ended), resolved once against the
    /// snapshot's waves; an unknown code is the user's mistake.</summary>
    internal Wave? Resolve(IReadOnlyList<Wave> waves)
    {
        if (Resolved is { } wave)
            return wave;
        if (WaveCode is { } code)
            return waves.FirstOrDefault(w => w.Code == code) ?? throw new UserError($"Okänd mätning '{code}' (se survey waves).");
        var end = MonthEnd(Period!);
        return waves.LastOrDefault(w => w.EndsOn <= end);
    }
}
