using Dapper;
using Npgsql;
using Survey.Reports.Privacy;

namespace Survey.Reports.Goals;

/// <summary>
/// The outcome of every goal for a wave or month, with n, traffic light, Wilson interval and the privacy-safe
/// breakdowns. Aggregation happens in PostgreSQL (WaveAggregate, ResponseRate); this class only divides and labels.
/// </summary>
public static class GoalOutcomes
{
    private sealed record GoalRow(string Code, string Title, string Perspective, string? Definition, string Measure,
        string Source, decimal Target, decimal? Baseline, string Direction, string? Comment);

    /// <summary>
    /// The outcomes with each goal's previous comparable measurement and the change since (see GoalChanges), in a
    /// snapshot of their own (a page or an API answer).
    /// </summary>
    public static async Task<GoalReport> ComputeAsync(NpgsqlDataSource db, GoalSelection selection, CancellationToken ct)
    {
        ReportSnapshot snapshot;
        using (Timings.Phase("goals: snapshot opened"))
            snapshot = await ReportSnapshot.BeginAsync(db, ct);
        await using (snapshot)
            return await ComputeAsync(snapshot, selection, ct);
    }

    /// <summary>The outcomes with their changes, in the report's snapshot.</summary>
    internal static async Task<GoalReport> ComputeAsync(ReportSnapshot snapshot, GoalSelection selection, CancellationToken ct) =>
        await Comparison.GoalChanges.AttachAsync(await snapshot.WavesAsync(ct), await ComputeAsync(snapshot, selection, WaveFilter.All, ct),
            wave => ComputeAsync(snapshot, selection.Earlier(wave), WaveFilter.All, ct));

    /// <summary>One wave's (or month's) outcomes for the filter, without the comparison with earlier waves.</summary>
    internal static async Task<GoalReport> ComputeAsync(ReportSnapshot snapshot, GoalSelection selection, WaveFilter filter,
        CancellationToken ct)
    {
        var connection = snapshot.Connection;
        var wave = selection.Resolve(await snapshot.WavesAsync(ct));
        var goals = (await connection.QueryAsync<GoalRow>(new CommandDefinition("""
            SELECT code, title, perspective, definition, measure, source, target, baseline, direction, comment FROM goal
            WHERE retired_at IS NULL OR @retired ORDER BY sort
            """, new { retired = selection.IncludeRetired }, cancellationToken: ct))).ToList();
        var instrument = await snapshot.InstrumentAsync(ct);
        var definitions = await snapshot.DefinitionsAsync(ct);
        var charts = await GoalCharts.LoadAsync(connection, ct);
        var measures = await snapshot.MeasuresAsync(ct);
        WaveCounts? counts = null;
        WaveProtection? protection = null;
        ResponseRate.Counts? headcount = null;
        IReadOnlySet<string> asked = wave?.Questions ?? new HashSet<string>();
        if (wave is not null)
        {
            using (Timings.Phase("goals: tally read"))
                counts = await GoalTally.CountsAsync(snapshot, instrument, measures, wave.Id, filter, ct);
            using (Timings.Phase("goals: protection read"))
                protection = await WaveProtection.LoadAsync(snapshot, instrument, wave.Id, ct); // the region's, also for a filter
            headcount = await ResponseRate.LoadAsync(connection, wave.Id, filter, ct);
        }
        var indicatorMonth = selection.Period ?? wave?.EndsOn.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        // Per indicator, its values up to the month, the latest first: the month's value (for a wave, the latest) and
        // the one before it, which is the indicator's previous measurement.
        var indicators = indicatorMonth is null ? [] : (await connection.QueryAsync<(string Goal, string Period, decimal Value, string? Comment)>(
            new CommandDefinition(
                "SELECT goal_code, period, value, comment FROM indicator_value WHERE period <= @month ORDER BY goal_code, period DESC",
                new { month = indicatorMonth }, cancellationToken: ct)))
            .GroupBy(i => i.Goal)
            .Where(values => selection.Period is null || values.First().Period == indicatorMonth)
            .ToDictionary(values => values.Key, values => values.Take(2).ToList());

        var outcomes = goals.Select(g =>
        {
            var info = new GoalInfo(g.Perspective, Words(instrument, definitions, g), g.Measure, g.Source, g.Comment,
                indicators.TryGetValue(g.Code, out var ind) ? ind[0].Comment : null)
            {
                Description = g.Definition,
                Charts = [.. charts[g.Code]],
            };
            var measure = measures.Select((m, i) => (m, i)).FirstOrDefault(x => x.m.GoalCode == g.Code);
            if (g.Source == "survey" && counts is not null && measure.m is not null && !GoalCoverage.Measured(measure.m, instrument, asked))
                return Create(g, info) with { Measured = false };
            if (g.Source == "survey" && counts is not null && measure.m is not null)
                return SurveyOutcome(g, info, counts, protection!, measure.i, g.Measure == "share", instrument);
            if (g.Source == "headcount" && counts is not null && headcount is not null)
                return ResponseRate.Outcome(Create(g, info), counts, headcount, instrument, protection!);
            if (g.Source == "indicator" && indicators.TryGetValue(g.Code, out var values))
                return Comparison.GoalChanges.WithPreviousMonth(Create(g, info) with
                {
                    Outcome = (double)values[0].Value,
                    Status = TrafficLight.Status((double)values[0].Value, g.Target, g.Direction),
                    Counted = true,
                }, values.Skip(1).Select(v => (v.Period, (double)v.Value)).FirstOrDefault());
            return Create(g, info);
        }).ToList();
        return new GoalReport(wave?.Code, selection.Period, outcomes) { Of = wave };
    }

    /// <summary>What the goal counts in words, generated from the same definition as the counting SQL.</summary>
    private static string Words(Instrument instrument, IReadOnlyList<Definitions.GoalDefinition> definitions, GoalRow g)
    {
        if (definitions.FirstOrDefault(d => d.Code == g.Code) is not { } definition)
            return g.Definition ?? "";
        var (compiled, problem) = Definitions.GoalDefinitions.TryCompile(definition, instrument);
        return compiled?.Words ?? $"Definitionen kan inte tolkas mot instrumentet, så målet har inget utfall: {problem}";
    }

    private static GoalOutcome Create(GoalRow g, GoalInfo info) =>
        new(g.Code, g.Title, Normalise(g.Target), g.Baseline is { } b ? Normalise(b) : null, g.Direction,
            null, null, null, null, null, Breakdowns.None) { Info = info };

    /// <summary>0.40 from numeric(…) becomes 0.4, so the JSON shows the value and not the column's scale.</summary>
    private static decimal Normalise(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>A survey goal's figures as the wave's protection decided them (<see cref="WaveProtection"/>).</summary>
    private static GoalOutcome SurveyOutcome(GoalRow g, GoalInfo info, WaveCounts counts, WaveProtection protection, int m, bool share,
        Instrument instrument)
    {
        var goal = Create(g, info);
        var n = counts.Total.Answered[m];
        var breakdowns = new Breakdowns(
            Groups(Dimension.Gender), Groups(Dimension.Administration), Groups(Dimension.Municipality),
            Groups(Dimension.AgeBand), Groups(Dimension.Manager));
        if (n == 0 || Suppression.TooSmall(n) || !protection.Publishes(g.Code))
            return goal with { Breakdowns = breakdowns, Counted = n > 0 };
        var sample = counts.Total.Moments(m);
        var ci = share ? Wilson.Interval(sample.Sum, n) : Comparison.Difference.Mean(sample) is { } t ? (t.Low, t.High) : ((double Low, double High)?)null;
        return goal with
        {
            Outcome = sample.Mean,
            N = n,
            Status = TrafficLight.Status(sample.Mean, g.Target, g.Direction),
            CiLow = ci?.Low,
            CiHigh = ci?.High,
            Breakdowns = breakdowns,
            Counted = true,
            Sample = sample,
        };

        // Every group with respondents in the wave is listed, whether or not it answered this goal's questions, so
        // that which groups a breakdown lists says nothing about its hidden ones.
        IReadOnlyList<BreakdownGroup> Groups(Dimension d) =>
            counts.Groups[d].Where(x => x.Counts.Respondents > 0)
                .Select(x => protection.HidesGoalGroup(g.Code, d, x.Key) || Suppression.TooSmall(x.Counts.Answered[m])
                    ? new BreakdownGroup(d.Label(instrument, x.Key), null, null, true)
                    : new BreakdownGroup(d.Label(instrument, x.Key), x.Counts.Answered[m], x.Counts.Sum[m] / x.Counts.Answered[m], false)
                    {
                        Sample = x.Counts.Moments(m),
                    })
                .ToList();
    }

    /// <summary>
    /// Labels, counts and outcomes of one breakdown, with the privacy rule applied (the only way groups are made);
    /// <paramref name="alsoHidden"/>: the groups the wave hides everywhere (<see cref="HiddenGroups"/>).
    /// </summary>
    internal static IReadOnlyList<BreakdownGroup> Breakdown(IReadOnlyList<(string Group, long N, double? Outcome)> groups,
        IReadOnlyList<bool>? alsoHidden = null, IReadOnlyList<Comparison.Moments>? samples = null)
    {
        var hidden = Suppression.Suppressed(groups.Select(g => g.N).ToList(), alsoHidden);
        return groups.Select((g, i) => hidden[i]
            ? new BreakdownGroup(g.Group, null, null, true)
            : new BreakdownGroup(g.Group, g.N, g.Outcome, false) { Sample = samples?[i] }).ToList();
    }
}
