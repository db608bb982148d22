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
        // Each administration's units, in their order (a sheet is decided many times over 48,000 units: plain loops).
        var families = new Dictionary<Key<TKey>, List<int>>();
        for (var i = 0; i < units.Count; i++)
        {
            var key = new Key<TKey>(units[i].Administration);
            if (!families.TryGetValue(key, out var members))
                families[key] = members = [];
            members.Add(i);
        }
        var unitHidden = new bool[units.Count];
        foreach (var members in families.Values)
        {
            var counts = new long[members.Count];
            var also = unitsAlsoHidden is null ? null : new bool[members.Count];
            for (var j = 0; j < members.Count; j++)
            {
                counts[j] = units[members[j]].N;
                if (also is not null)
                    also[j] = unitsAlsoHidden![members[j]];
            }
            var hidden = Suppression.Suppressed(counts, also);
            for (var j = 0; j < members.Count; j++)
                unitHidden[members[j]] = hidden[j];
        }

        // The rest of each administration (its n less its shown units), and how many hidden units share it.
        var unitsOf = new List<int>[administrations.Count];
        var rest = new long[administrations.Count];
        var hiddenUnits = new int[administrations.Count];
        var revealed = new bool[administrations.Count];
        var counted = new long[administrations.Count];
        for (var a = 0; a < administrations.Count; a++)
        {
            unitsOf[a] = families.GetValueOrDefault(new Key<TKey>(administrations[a].Key)) ?? [];
            rest[a] = counted[a] = administrations[a].N;
            foreach (var i in unitsOf[a])
                if (unitHidden[i])
                    hiddenUnits[a]++;
                else
                    rest[a] -= units[i].N;
            // The rest is shared by the administration's hidden units, each at least 1: the most one of them can hold.
            revealed[a] = rest[a] > 0 && Suppression.TooSmall(rest[a] - Math.Max(0, hiddenUnits[a] - 1)) || alsoHidden?[a] == true;
        }
        var administrationHidden = Suppression.Suppressed(counted, revealed);
        for (var a = 0; a < administrations.Count; a++)
        {
            if (!administrationHidden[a])
                continue;
            // The shown units, the smallest first (ties: the earlier unit).
            var shown = unitsOf[a].Where(i => !unitHidden[i]).ToList();
            shown.Sort((x, y) => units[x].N != units[y].N ? units[x].N.CompareTo(units[y].N) : x.CompareTo(y));
            foreach (var next in shown)
            {
                if (!Suppression.TooSmall(rest[a] - Math.Max(0, hiddenUnits[a] - 1)))
                    break;
                unitHidden[next] = true;
                rest[a] += units[next].N;
                hiddenUnits[a]++;
            }
        }
        return (administrationHidden, unitHidden);
    }

    /// <summary>A dictionary key that may be null (an administration not given).</summary>
    private readonly record struct Key<T>(T Value);
}
