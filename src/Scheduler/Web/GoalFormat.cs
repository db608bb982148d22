using System.Globalization;
using Survey.Reports.Goals;

namespace Survey.Scheduler.Web;

/// <summary>How the pages write a goal's figures: shares in percent with one decimal, the index with one decimal.</summary>
internal static class GoalFormat
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string Value(GoalOutcome goal, double? value) => value is not { } v
        ? "–"
        : goal.Info.Measure switch
        {
            "share" => (v * 100).ToString("0.0", Swedish) + " %",
            "index" => v.ToString("0.0", Swedish),
            _ => v.ToString("0", Swedish),
        };

    public static string Value(GoalOutcome goal, decimal? value) => Value(goal, (double?)value);
}
