namespace Survey.Reports.Privacy;

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
    /// <param name="alsoHidden">Administrations hidden whatever their n (decided elsewhere in the wave's protection).</param>
    /// <param name="unitsAlsoHidden">Units hidden whatever their n.</param>
    public static (bool[] Administrations, bool[] Units) Suppressed<TKey>(IReadOnlyList<(TKey Key, long N)> administrations,
        IReadOnlyList<(TKey Administration, long N)> units, IReadOnlyList<bool>? alsoHidden = null, IReadOnlyList<bool>? unitsAlsoHidden = null)
    {
        var unitHidden = new bool[units.Count];
        // Each administration's units, the smallest first (ties: the earlier unit).
        var families = Enumerable.Range(0, units.Count).GroupBy(i => new Key<TKey>(units[i].Administration))
            .ToDictionary(g => g.Key, g => g.OrderBy(i => units[i].N).ThenBy(i => i).ToList());
        foreach (var members in families.Values)
        {
            var ordered = members.Order().ToList();
            var hidden = Suppression.Suppressed([.. ordered.Select(i => units[i].N)], unitsAlsoHidden is null ? null : [.. ordered.Select(i => unitsAlsoHidden[i])]);
            for (var j = 0; j < ordered.Count; j++)
                unitHidden[ordered[j]] = hidden[j];
        }
        List<int> Members((TKey Key, long N) a) => families.GetValueOrDefault(new Key<TKey>(a.Key)) ?? [];
        long Rest((TKey Key, long N) a) => a.N - Members(a).Where(i => !unitHidden[i]).Sum(i => units[i].N);
        // The rest is shared by the administration's hidden units, each at least 1: the most one of them can hold.
        long Most((TKey Key, long N) a) => Rest(a) - Math.Max(0, Members(a).Count(i => unitHidden[i]) - 1);

        var revealed = administrations.Select((a, i) => Rest(a) > 0 && Suppression.TooSmall(Most(a)) || alsoHidden?[i] == true).ToList();
        var administrationHidden = Suppression.Suppressed([.. administrations.Select(a => a.N)], revealed);
        for (var a = 0; a < administrations.Count; a++)
        {
            if (!administrationHidden[a])
                continue;
            var shown = Members(administrations[a]).Where(i => !unitHidden[i]).ToList(); // the smallest first
            var rest = Rest(administrations[a]);
            var hiddenUnits = Members(administrations[a]).Count(i => unitHidden[i]);
            foreach (var next in shown)
            {
                if (!Suppression.TooSmall(rest - Math.Max(0, hiddenUnits - 1)))
                    break;
                unitHidden[next] = true;
                rest += units[next].N;
                hiddenUnits++;
            }
        }
        return (administrationHidden, unitHidden);
    }

    /// <summary>A dictionary key that may be null (an administration not given).</summary>
    private readonly record struct Key<T>(T Value);
}
