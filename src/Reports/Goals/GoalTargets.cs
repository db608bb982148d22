using System.Globalization;
using Npgsql;

namespace Survey.Reports.Goals;

/// <summary>Targets, baselines and comments are data the board changes without a release (survey goals edit).</summary>
public static class GoalTargets
{
    public static Task SetAsync(NpgsqlDataSource db, string code, decimal target, decimal? baseline, string? comment,
        CancellationToken ct) =>
        Definitions.GoalEditing.EditAsync(db, code, new Definitions.GoalChange { Target = target, Baseline = baseline, Comment = comment }, ct);

    /// <summary>A number as users write it: 0.4, 0,4 or 40 %.</summary>
    public static decimal ParseNumber(string text)
    {
        var t = text.Trim().Replace(',', '.').Replace(" ", "", StringComparison.Ordinal);
        var percent = t.EndsWith('%');
        if (!decimal.TryParse(percent ? t[..^1] : t, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            throw new UserError($"'{text}' är inget tal.");
        return percent ? value / 100 : value;
    }
}
