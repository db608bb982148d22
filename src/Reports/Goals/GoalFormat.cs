using System.Globalization;

namespace Survey.Reports.Goals;

/// <summary>
/// How the CLI, the pages and the charts write a goal's figures: shares in percent with one decimal, the index with
/// two (so that 4,46 against a target of 4,50 does not read as met), counts as whole numbers; "–" when there is none.
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
}
