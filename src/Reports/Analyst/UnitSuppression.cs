using Survey.Reports.Privacy;

namespace Survey.Reports.Analyst;

/// <summary>
/// A question sheet shows each administration and each unit, and a unit belongs to one administration, so the
/// administration's row minus its shown units gives its hidden units. The suppression rule is therefore applied to
/// the units of each administration separately, and where the rest still is a group under the minimum (a lone small
/// unit, or respondents without a unit), the administration's row is hidden too and the administrations' own
/// rule applied again.
/// </summary>
internal static class UnitSuppression
{
    /// <param name="administrations">The administration breakdown: key (null for not given) and n.</param>
    /// <param name="units">The unit breakdown: the unit's administration key (null when unknown) and n.</param>
    public static (bool[] Administrations, bool[] Units) Suppressed(IReadOnlyList<(string? Key, long N)> administrations,
        IReadOnlyList<(string? Administration, long N)> units)
    {
        var unitHidden = new bool[units.Count];
        foreach (var family in Enumerable.Range(0, units.Count).GroupBy(i => units[i].Administration))
        {
            var members = family.ToList();
            var hidden = Suppression.Suppressed(members.Select(i => units[i].N).ToList());
            for (var j = 0; j < members.Count; j++)
                unitHidden[members[j]] = hidden[j];
        }
        var revealed = administrations.Select(a => a.Key is not null
            && a.N - Enumerable.Range(0, units.Count).Where(i => !unitHidden[i] && units[i].Administration == a.Key).Sum(i => units[i].N)
                is > 0 and < Suppression.MinimumGroupSize).ToList();
        return (Suppression.Suppressed(administrations.Select(a => a.N).ToList(), revealed), unitHidden);
    }
}
