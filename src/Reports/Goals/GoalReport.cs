using System.Text.Json.Serialization;

namespace Survey.Reports.Goals;

/// <summary>The goals for one wave or month, as `survey goals --json` and the web API return them.</summary>
public sealed record GoalReport(string? Wave, string? Period, IReadOnlyList<GoalOutcome> Goals)
{
    /// <summary>The wave's id, for follow-up queries (uploads used, trend); not part of the JSON.</summary>
    [JsonIgnore] public short? WaveId { get; init; }
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
}

/// <summary>
/// What the goal table says about a goal besides its outcome (not part of the JSON). Definition is what it counts in
/// words, generated from its definition; Description the board's own text beside it.
/// </summary>
public sealed record GoalInfo(string Perspective, string Definition, string Measure, string Source, string? Comment,
    string? IndicatorComment)
{
    public string? Description { get; init; }

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

    /// <summary>The breakdowns with their Swedish headings, in report order.</summary>
    public IEnumerable<(string Name, IReadOnlyList<BreakdownGroup> Groups)> Named() =>
    [
        (Dimension.Gender.Heading, Gender), (Dimension.Administration.Heading, Administration),
        (Dimension.Municipality.Heading, Municipality), (Dimension.AgeBand.Heading, AgeBand),
        (Dimension.Manager.Heading, Manager),
    ];
}

/// <summary>One group of a breakdown; a suppressed group has neither n nor outcome.</summary>
public sealed record BreakdownGroup(string Group, long? N, double? Outcome, bool Suppressed);
