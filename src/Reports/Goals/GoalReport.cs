using System.Text.Json.Serialization;

namespace Survey.Reports.Goals;

/// <summary>The goals for one wave or month, as `survey goals --json` and the web API return them.</summary>
public sealed record GoalReport(string? Wave, string? Period, IReadOnlyList<GoalOutcome> Goals)
{
    /// <summary>The wave the outcomes are of, as resolved once from the selection; not part of the JSON.</summary>
    [JsonIgnore] internal Wave? Of { get; init; }

    /// <summary>The wave's id, for follow-up queries (uploads used, trend); not part of the JSON.</summary>
    [JsonIgnore] public short? WaveId => Of?.Id;
}

/// <summary>
/// One goal's outcome. Shares are fractions, the index is on its 1–6 scale. Outcome, n and interval are null when
/// there is nothing to show (no data, or fewer than 5 answers).
/// </summary>
public sealed record GoalOutcome(
    string Code,
    string Title,
    decimal Target,
    decimal? Baseline,
    string Direction,
    double? Outcome,
    long? N,
    string? Status,
    double? CiLow,
    double? CiHigh,
    Breakdowns Breakdowns)
{
    [JsonIgnore] public GoalInfo Info { get; init; } = GoalInfo.Unknown;

    /// <summary>False when the wave does not ask a question the goal needs ("ej mätt"); outcome and n are then null.</summary>
    public bool Measured { get; init; } = true;

    /// <summary>The previous comparable wave's outcome (for an indicator, the month before); absent without one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public PreviousOutcome? Previous { get; init; }

    /// <summary>This outcome minus the previous one, with its 95 % interval; absent unless both are shown.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public OutcomeChange? Change { get; init; }

    /// <summary>Whether anyone was counted (someone in the denominator), even where too few to show: such a wave is
    /// the previous measurement of later waves, shown as "–".</summary>
    [JsonIgnore] internal bool Counted { get; init; }

    /// <summary>Count, sum and sum of squares behind the outcome, for the change's interval (never published).</summary>
    [JsonIgnore] internal Comparison.Moments? Sample { get; init; }
}

/// <summary>
/// An earlier outcome: the wave's code (for an indicator, the month as period), outcome and n; outcome and n are null
/// where that wave does not show them (fewer than 5 answers).
/// </summary>
public sealed record PreviousOutcome(string? Wave, double? Outcome, long? N)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Period { get; init; }
}

/// <summary>
/// The change since the previous outcome (a fraction for shares, so 0.35 is 35 percentage points; points for means
/// and the index) and its 95 % interval: Newcombe's hybrid score interval for shares, Welch's t interval for means
/// and the index. The response rate and indicators are full counts without sampling error, so their interval is the
/// change itself. Significant when the interval excludes 0; the verdict says it in the board's words, respecting
/// the goal's direction.
/// </summary>
public sealed record OutcomeChange(double Value, double Low, double High, bool Significant, string Verdict);

/// <summary>
/// What the goal table says about a goal besides its outcome (not part of the JSON). Definition is what it counts in
/// words, generated from its definition; Description the board's own text beside it.
/// </summary>
public sealed record GoalInfo(string Perspective, string Definition, string Measure, string Source, string? Comment,
    string? IndicatorComment)
{
    public string? Description { get; init; }

    /// <summary>The charts the goal gets besides every goal's (goal_chart, db/0102), by place and in their order.</summary>
    public IReadOnlyList<GoalChart> Charts { get; init; } = [];

    public static readonly GoalInfo Unknown = new("", "", "share", "survey", null, null);
}

public sealed record Breakdowns(
    IReadOnlyList<BreakdownGroup> Gender,
    IReadOnlyList<BreakdownGroup> Administration,
    IReadOnlyList<BreakdownGroup> Municipality,
    IReadOnlyList<BreakdownGroup> AgeBand,
    IReadOnlyList<BreakdownGroup> Manager)
{
    public static readonly Breakdowns None = new([], [], [], [], []);

    /// <summary>The same breakdowns with every group passed through <paramref name="map"/>, given the earlier
    /// report's list of the same breakdown.</summary>
    internal Breakdowns Map(Breakdowns earlier, Func<BreakdownGroup, IReadOnlyList<BreakdownGroup>, BreakdownGroup> map)
    {
        IReadOnlyList<BreakdownGroup> Of(IReadOnlyList<BreakdownGroup> now, IReadOnlyList<BreakdownGroup> before) =>
            now.Select(g => map(g, before)).ToList();
        return new Breakdowns(Of(Gender, earlier.Gender), Of(Administration, earlier.Administration),
            Of(Municipality, earlier.Municipality), Of(AgeBand, earlier.AgeBand), Of(Manager, earlier.Manager));
    }

    /// <summary>The breakdowns with their Swedish headings, in report order.</summary>
    public IEnumerable<(string Name, IReadOnlyList<BreakdownGroup> Groups)> Named() =>
    [
        (Dimension.Gender.Heading, Gender), (Dimension.Administration.Heading, Administration),
        (Dimension.Municipality.Heading, Municipality), (Dimension.AgeBand.Heading, AgeBand),
        (Dimension.Manager.Heading, Manager),
    ];
}

/// <summary>One group of a breakdown; a suppressed group has neither n nor outcome.</summary>
public sealed record BreakdownGroup(string Group, long? N, double? Outcome, bool Suppressed)
{
    /// <summary>The group in the previous comparable wave: only where both waves show the group.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public PreviousOutcome? Previous { get; init; }

    /// <summary>The group's change since then: only where both waves show the group.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public OutcomeChange? Change { get; init; }

    /// <summary>Count, sum and sum of squares behind a shown group's outcome (never published).</summary>
    [JsonIgnore] internal Comparison.Moments? Sample { get; init; }
}
