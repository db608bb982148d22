using Survey.Reports.Privacy;

namespace Survey.Reports.Analyst;

/// <summary>
/// A question sheet shows each administration and each unit, and a unit belongs to one administration, so an
/// administration's row minus its shown units gives the rest: its hidden units and its respondents without a unit.
/// The suppression rule is therefore applied to the units of each administration separately; an administration
/// whose rest is still a group under the minimum is hidden too (and the administrations' rule applied again); and a
/// hidden administration hides its smallest units until its rest has the minimum, so that its figure cannot be
/// rebuilt from its units and then subtracted from the total.
/// </summary>
internal static class UnitSuppression
{
    /// <param name="administrations">The administration breakdown: key (null for not given) and n.</param>
    /// <param name="units">The unit breakdown: the key of the unit's administration and n.</param>
    /// <param name="alsoHidden">Administrations hidden whatever their n (<see cref="Privacy.HiddenGroups"/>).</param>
    public static (bool[] Administrations, bool[] Units) Suppressed(IReadOnlyList<(string? Key, long N)> administrations,
        IReadOnlyList<(string? Administration, long N)> units, IReadOnlyList<bool>? alsoHidden = null)
    {
        var unitHidden = new bool[units.Count];
        foreach (var family in Enumerable.Range(0, units.Count).GroupBy(i => units[i].Administration))
        {
            var members = family.ToList();
            var hidden = Suppression.Suppressed(members.Select(i => units[i].N).ToList());
            for (var j = 0; j < members.Count; j++)
                unitHidden[members[j]] = hidden[j];
        }
        List<int> Shown(string? administration) =>
            Enumerable.Range(0, units.Count).Where(i => !unitHidden[i] && units[i].Administration == administration).ToList();
        long Rest((string? Key, long N) a) => a.N - Shown(a.Key).Sum(i => units[i].N);
        // The rest is shared by the administration's hidden units, each at least 1: the most one of them can hold.
        long Most((string? Key, long N) a) =>
            Rest(a) - Math.Max(0, Enumerable.Range(0, units.Count).Count(i => unitHidden[i] && units[i].Administration == a.Key) - 1);

        var revealed = administrations.Select((a, i) => Rest(a) > 0 && Suppression.TooSmall(Most(a)) || alsoHidden?[i] == true).ToList();
        var administrationHidden = Suppression.Suppressed(administrations.Select(a => a.N).ToList(), revealed);
        for (var a = 0; a < administrations.Count; a++)
            while (administrationHidden[a] && Suppression.TooSmall(Most(administrations[a]))
                && Shown(administrations[a].Key).OrderBy(i => units[i].N).FirstOrDefault(-1) is var next and >= 0)
                unitHidden[next] = true;
        return (administrationHidden, unitHidden);
    }
}
