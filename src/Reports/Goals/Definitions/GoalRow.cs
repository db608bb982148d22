namespace Survey.Reports.Goals.Definitions;

/// <summary>
/// A goal as the goal table stores it. Properties, not a constructor: Dapper matches constructors on the reader's
/// types, and text[] reads as Array.
/// </summary>
public sealed record GoalRow
{
    public string Code { get; init; } = "";
    public string Title { get; init; } = "";
    public string Perspective { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Measure { get; init; } = "";
    public string? Condition { get; init; }
    public string? Population { get; init; }
    public string[] Questions { get; init; } = [];
    public short? MinAnswered { get; init; }
    public decimal Target { get; init; }
    public decimal? Baseline { get; init; }
    public string Direction { get; init; } = "higher";
    public string? Comment { get; init; }
    public string? Definition { get; init; }
    public DateTime? RetiredAt { get; init; }
}
