using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Reports.Privacy;

/// <summary>
/// Whether a wave publishes a goal's figure: for code that shows one wave's figures beside another's (the change
/// between waves), so that a previous wave's figure appears only where that wave itself shows it. The answer is
/// the goal table's own (which selects from the wave's stored protection), so it cannot disagree with the outputs.
/// </summary>
public static class Published
{
    /// <summary>
    /// Whether <paramref name="waveCode"/> shows <paramref name="goalCode"/>'s outcome and n: its total when
    /// <paramref name="breakdown"/> is null, else the group named <paramref name="group"/> (as the outputs name it,
    /// e.g. "Kvinna", "Regionstab", "Berg", "Chef") of the breakdown "gender", "administration", "municipality",
    /// "ageBand" or "manager" (the goals JSON's keys). False for a goal or group the wave does not measure or lists.
    /// </summary>
    public static async Task<bool> ShowsAsync(NpgsqlDataSource db, string waveCode, string goalCode, string? breakdown = null,
        string? group = null, CancellationToken ct = default) =>
        Shows(await GoalOutcomes.ComputeAsync(db, GoalSelection.ForWave(waveCode), ct), goalCode, breakdown, group);

    /// <summary>The same question of a goal report already computed for the wave.</summary>
    public static bool Shows(GoalReport report, string goalCode, string? breakdown = null, string? group = null)
    {
        if (report.Goals.FirstOrDefault(g => g.Code == goalCode) is not { Measured: true } goal)
            return false;
        if (breakdown is null)
            return goal.N is not null;
        var groups = breakdown switch
        {
            "gender" => goal.Breakdowns.Gender,
            "administration" => goal.Breakdowns.Administration,
            "municipality" => goal.Breakdowns.Municipality,
            "ageBand" => goal.Breakdowns.AgeBand,
            "manager" => goal.Breakdowns.Manager,
            _ => throw new ArgumentException($"Unknown breakdown '{breakdown}'.", nameof(breakdown)),
        };
        return groups.FirstOrDefault(g => g.Group == group) is { Suppressed: false };
    }
}
