namespace Survey.Reports.Goals;

/// <summary>
/// The house style's traffic light: green when the target is met, yellow when the relative deviation
/// |target − outcome| / target is under 10 %, red otherwise; none without an outcome.
/// </summary>
public static class TrafficLight
{
    public const decimal YellowBelow = 0.10m;

    public static string? Status(double? outcome, decimal target, string direction)
    {
        if (outcome is not { } value)
            return null;
        // Decimal, so that a deviation of exactly 10 % is 0.10 and not 0.0999…: the boundary is part of the rule.
        var o = (decimal)value;
        var met = direction == "lower" ? o <= target : o >= target;
        if (met)
            return "green";
        if (target == 0)
            return "red";
        return Math.Abs(target - o) / Math.Abs(target) < YellowBelow ? "yellow" : "red";
    }

    /// <summary>The Swedish word that stands beside the colour (readable in print and for colour-blind readers).</summary>
    public static string Swedish(string? status) => status switch
    {
        "green" => "Grön",
        "yellow" => "Gul",
        "red" => "Röd",
        _ => "–",
    };
}
