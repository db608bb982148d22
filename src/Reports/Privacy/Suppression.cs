namespace Survey.Reports.Privacy;

/// <summary>
/// The one place that decides which groups may be shown. Every output (JSON, sheets, charts, web) takes its groups
/// from here, so a figure for a group of fewer than <see cref="MinimumGroupSize"/> answers never leaves the system.
/// </summary>
public static class Suppression
{
    /// <summary>The smallest number of answers a shown group may have.</summary>
    public const int MinimumGroupSize = 5;

    /// <summary>What stands in a cell instead of a suppressed figure.</summary>
    public const string Marker = "–";

    public const string Note = "färre än 5 svar";

    public static bool TooSmall(long n) => n < MinimumGroupSize;

    /// <summary>
    /// Which groups of one breakdown to hide, given each group's n. Groups under the minimum are hidden; then, while
    /// the hidden groups are only one or too few together for any of them to hold the minimum, the smallest shown
    /// group is hidden too, so the total minus the shown groups reveals neither one group nor a group under the minimum. Ties go to
    /// the earlier group. Groups in <paramref name="alsoHidden"/> are hidden whatever their n (their figure could
    /// be worked out elsewhere) and count as hidden for that rule. Where another published total splits the groups
    /// into parts (<paramref name="parts"/>: a goal over the seven municipalities splits the row of all municipalities),
    /// the rule holds within each part, as each part's total is known.
    /// </summary>
    public static bool[] Suppressed(IReadOnlyList<long> counts, IReadOnlyList<bool>? alsoHidden = null, IReadOnlyList<int>? parts = null)
    {
        var hidden = new bool[counts.Count];
        for (var i = 0; i < hidden.Length; i++)
            hidden[i] = TooSmall(counts[i]) || alsoHidden?[i] == true;
        if (parts is null)
            Complete(counts, hidden, [.. Enumerable.Range(0, counts.Count)]);
        else
            foreach (var part in Enumerable.Range(0, counts.Count).GroupBy(i => parts[i]))
                Complete(counts, hidden, [.. part]);
        return hidden;
    }

    private static void Complete(IReadOnlyList<long> counts, bool[] hidden, IReadOnlyList<int> members)
    {
        if (!members.Any(i => hidden[i]))
            return;
        // Every group with respondents is listed, answered or not, so a hidden group may have no answer at all; the
        // rule is the stricter one all the same, as if each had one: the most one of them can have is the hidden
        // groups' sum less one for every other hidden group, and that must reach the minimum. (The groups that gave
        // no answer are listed hidden and left out of the rule.)
        while (true)
        {
            var (count, sum, next) = (0, 0L, -1);
            foreach (var i in members)
                if (hidden[i])
                    (count, sum) = (count + 1, sum + counts[i]);
                else if (next < 0 || counts[i] < counts[next])
                    next = i;
            if ((count >= 2 && !TooSmall(sum - (count - 1))) || next < 0)
                return;
            hidden[next] = true;
        }
    }
}
