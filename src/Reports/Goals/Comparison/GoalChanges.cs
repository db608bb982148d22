
namespace Survey.Reports.Goals.Comparison;

/// <summary>
/// Each goal's previous comparable measurement and the change since, for the goal and for every breakdown group
/// that both waves show: a group hidden in either wave gets neither, so a change never reveals what privacy hides
/// in one of them. Comparable: the latest earlier wave that measured the goal (asked its questions and counted
/// someone), where a yearly wave looks only at yearly waves (like with like, year on year) and a pulse at waves of
/// either kind (the latest measurement, so a pulse shows what moved since spring or since the last pulse). Earlier
/// waves are counted by <c>earlier</c> with the goal's current definition and the same protection, newest first,
/// only as far back as needed.
/// </summary>
internal static class GoalChanges
{
    public static async Task<GoalReport> AttachAsync(IReadOnlyList<Wave> waves, GoalReport current, Func<Wave, Task<GoalReport>> earlier)
    {
        if (current.Of is not { } wave)
            return current;
        var pending = current.Goals.Where(g => g.Info.Source != "indicator" && g.Measured).Select(g => g.Code).ToHashSet();
        var found = new Dictionary<string, (string Wave, GoalOutcome Past)>();
        foreach (var comparable in Comparable(waves, wave))
        {
            if (pending.Count == 0)
                break;
            foreach (var past in (await earlier(comparable)).Goals.Where(p => p.Measured && p.Counted && pending.Remove(p.Code)))
                found[past.Code] = (comparable.Code, past);
        }
        return current with
        {
            Goals = current.Goals.Select(g => found.TryGetValue(g.Code, out var f) ? Compare(g, f.Past, f.Wave) : g).ToList(),
        };
    }

    /// <summary>The waves that ended before this one and may be compared with it (see the class), the latest first.</summary>
    private static IEnumerable<Wave> Comparable(IReadOnlyList<Wave> waves, Wave current) =>
        waves.Where(w => (current.Pulse || !w.Pulse) && w.Before(current)).Reverse();

    internal static GoalOutcome Compare(GoalOutcome now, GoalOutcome past, string wave) => now with
    {
        Previous = new PreviousOutcome(wave, past.Outcome, past.N),
        Change = Between(now, now.Outcome, now.Sample, past.Outcome, past.Sample),
        Breakdowns = now.Breakdowns.Map(past.Breakdowns, (group, earlier) =>
        {
            var before = earlier.FirstOrDefault(b => b.Group == group.Group);
            if (group.Suppressed || group.Outcome is null || before is null || before.Suppressed || before.Outcome is null)
                return group;
            return group with
            {
                Previous = new PreviousOutcome(wave, before.Outcome, before.N),
                Change = Between(now, group.Outcome, group.Sample, before.Outcome, before.Sample),
            };
        }),
    };

    /// <summary>An indicator's value and the month before it that has one: a full count, so the change is exact.</summary>
    internal static GoalOutcome WithPreviousMonth(GoalOutcome goal, (string Period, double Value) previous) =>
        previous.Period is null || goal.Outcome is not { } now ? goal : goal with
        {
            Previous = new PreviousOutcome(null, previous.Value, null) { Period = previous.Period },
            Change = Exact(goal.Direction, now - previous.Value),
        };

    private static OutcomeChange? Between(GoalOutcome goal, double? now, Moments? nowSample, double? before, Moments? beforeSample)
    {
        if (now is not { } a || before is not { } b)
            return null;
        if (goal.Info.Source != "survey")
            return Exact(goal.Direction, a - b); // the response rate counts everyone: no sampling error
        if (nowSample is not { } x || beforeSample is not { } y)
            return null;
        var interval = goal.Info.Measure == "share" ? Difference.Shares(x.Sum, x.N, y.Sum, y.N) : Difference.Means(x, y);
        return interval is { } i ? new OutcomeChange(i.Value, i.Low, i.High, i.Significant, Verdict.Of(goal.Direction, i)) : null;
    }

    private static OutcomeChange Exact(string direction, double value)
    {
        var interval = new Difference.Interval(value, value, value);
        return new OutcomeChange(value, value, value, interval.Significant, Verdict.Of(direction, interval));
    }
}
