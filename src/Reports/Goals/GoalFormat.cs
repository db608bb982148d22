using System.Globalization;

namespace Survey.Reports.Goals;

/// <summary>
/// How the CLI, the pages and the charts write a goal's figures: shares in percent with one decimal, the index with
/// two (so that 4,46 against a target of 4,50 does not read as met), counts as whole numbers; "–" when there is none.
/// Changes are signed, in percentage points (p.e.) for shares and points for means and the index.
/// </summary>
public static class GoalFormat
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string Value(GoalOutcome goal, double? value) => Value(goal.Info.Measure, value);

    /// <param name="measure">share, index or count (goal.measure).</param>
    public static string Value(string measure, double? value) => value is not { } v
        ? Privacy.Suppression.Marker
        : measure switch
        {
            "share" => (v * 100).ToString("0.0", Swedish) + " %",
            "index" or "mean" => v.ToString("0.00", Swedish),
            _ => v.ToString("0.##", Swedish),
        };

    public static string Value(GoalOutcome goal, decimal? value) => Value(goal, (double?)value);

    /// <summary>The outcome, or "ej mätt" when the wave does not ask what the goal needs.</summary>
    public static string Outcome(GoalOutcome goal) => goal.Measured ? Value(goal, goal.Outcome) : GoalCoverage.NotMeasured;

    /// <summary>The previous comparable measurement with its wave (an indicator's month), or "ej mätt" without one.</summary>
    public static string Previous(GoalOutcome goal) => Previous(goal.Info.Measure, goal.Measured ? goal.Previous : null);

    public static string Previous(string measure, PreviousOutcome? previous) => previous is null
        ? GoalCoverage.NotMeasured
        : $"{Value(measure, previous.Outcome)} ({previous.Wave ?? previous.Period})";

    /// <summary>The change with its 95 % interval, "ej mätt" without a previous measurement, "–" where either is hidden.</summary>
    public static string Change(GoalOutcome goal) => Change(goal.Info.Measure, goal.Measured ? goal.Previous : null, goal.Change);

    public static string Change(string measure, PreviousOutcome? previous, OutcomeChange? change)
    {
        if (previous is null)
            return GoalCoverage.NotMeasured;
        if (change is null)
            return Privacy.Suppression.Marker;
        var value = Signed(measure, change.Value);
        return Interval(measure, change) is { } interval ? $"{value} ({interval})" : value;
    }

    /// <summary>The change's 95 % interval, "+4,4 till +57,8"; null for a full count, which has none.</summary>
    public static string? Interval(string measure, OutcomeChange change) => change.Low == change.High ? null
        : $"{Signed(measure, change.Low, unit: false)} till {Signed(measure, change.High, unit: false)}";

    /// <summary>The verdict ("säker förbättring", "inom felmarginalen", …), or what Change shows in its place.</summary>
    public static string Verdict(GoalOutcome goal) => Verdict(goal.Measured ? goal.Previous : null, goal.Change);

    public static string Verdict(PreviousOutcome? previous, OutcomeChange? change) =>
        change?.Verdict ?? (previous is null ? GoalCoverage.NotMeasured : Privacy.Suppression.Marker);

    /// <summary>A signed difference: "+35,0 p.e." for shares, "−0,25" for means and the index.</summary>
    public static string Signed(string measure, double value, bool unit = true) => measure switch
    {
        "share" => (value * 100).ToString("+0.0;−0.0;0.0", Swedish) + (unit ? " p.e." : ""),
        "index" or "mean" => value.ToString("+0.00;−0.00;0.00", Swedish),
        _ => value.ToString("+0.##;−0.##;0", Swedish),
    };
}
