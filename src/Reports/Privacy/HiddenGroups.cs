using Survey.Reports.Goals;

namespace Survey.Reports.Privacy;

/// <summary>
/// The wave's one decision on which background groups (an administration, "Annat", a municipality of three, …)
/// are hidden at all: decided on respondents, and hidden by every breakdown of every goal and question sheet
/// whatever its own n, so that two tables never hide different partners of the same small group and differencing
/// them gives nothing away. Each table then hides what its own n needs on top.
/// </summary>
internal sealed class HiddenGroups(IReadOnlyDictionary<Dimension, HashSet<short?>> hidden)
{
    public static HiddenGroups From(WaveCounts counts) => new(counts.Groups.ToDictionary(g => g.Key, g =>
    {
        var groups = g.Value.Where(x => x.Counts.Respondents > 0).ToList();
        var suppressed = Suppression.Suppressed(groups.Select(x => x.Counts.Respondents).ToList());
        return groups.Where((_, i) => suppressed[i]).Select(x => x.Key).ToHashSet();
    }));

    public bool Hides(Dimension dimension, short? key) => hidden.TryGetValue(dimension, out var keys) && keys.Contains(key);
}
