using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;

namespace Survey.Reports.Analyst;

/// <summary>
/// An administration's goal breakdowns by gender, home municipality, age band and manager, decided on the table
/// administrations × groups as its question sheets are (<see cref="CrossTables"/>): each administration's filtered
/// workbook is a row, the region's breakdown (board report, start page, API) the column totals. Counted from the
/// goal tally, per administration, with the respondents who gave none as the region minus the rest.
/// </summary>
internal sealed class GoalCrossTables
{
    private static readonly Dimension[] Background = [Dimension.Gender, Dimension.Municipality, Dimension.AgeBand, Dimension.Manager];

    private readonly Instrument _instrument;
    private readonly IReadOnlyList<SurveyMeasure> _measures;
    private readonly List<short?> _rows;
    // (dimension, administration, group) -> answers per measure.
    private readonly Dictionary<(Dimension, short?, short?), long[]> _cells;

    private GoalCrossTables(Instrument instrument, IReadOnlyList<SurveyMeasure> measures, List<short?> rows,
        Dictionary<(Dimension, short?, short?), long[]> cells) =>
        (_instrument, _measures, _rows, _cells) = (instrument, measures, rows, cells);

    public static async Task<GoalCrossTables> LoadAsync(NpgsqlConnection connection, Instrument instrument, short waveId,
        CancellationToken ct)
    {
        var measures = SurveyGoals.Measures(instrument);
        var region = await GoalTally.CountsAsync(connection, instrument, measures, waveId, WaveFilter.All, ct);
        var cells = new Dictionary<(Dimension, short?, short?), long[]>();
        foreach (var d in Background)
            foreach (var (key, counts) in region.Groups[d])
                cells[(d, null, key)] = (long[])counts.Answered.Clone(); // becomes the rest once the administrations are taken off
        foreach (var administration in instrument.Administrations)
        {
            var counts = await GoalTally.CountsAsync(connection, instrument, measures, waveId, new WaveFilter(administration.Id), ct);
            foreach (var d in Background)
                foreach (var (key, group) in counts.Groups[d])
                {
                    cells[(d, administration.Id, key)] = group.Answered;
                    var rest = cells[(d, null, key)];
                    for (var m = 0; m < rest.Length; m++)
                        rest[m] -= group.Answered[m];
                }
        }
        return new GoalCrossTables(instrument, measures,
            [.. instrument.Administrations.Select(a => (short?)a.Id).Order(), null], cells);
    }

    /// <summary>The administration's breakdowns of this goal, hidden where the whole tables hide them.</summary>
    public Breakdowns Protect(GoalOutcome goal, GoalOutcome regionGoal, short administration)
    {
        var m = _measures.ToList().FindIndex(x => x.GoalCode == goal.Code);
        if (m < 0)
            return new Breakdowns([], goal.Breakdowns.Administration, [], [], []);
        var row = _rows.IndexOf(administration);
        IReadOnlyList<BreakdownGroup> Of(Dimension d)
        {
            var groups = _cells.Keys.Where(k => k.Item1 == d).Select(k => k.Item3).Distinct()
                .OrderBy(k => k is null).ThenBy(k => k).ToList();
            var cells = _rows.Select(r => (IReadOnlyList<long>)groups.Select(g =>
                _cells.TryGetValue((d, r, g), out var n) ? n[m] : 0).ToList()).ToList();
            var hidden = CrossSuppression.Suppressed(cells,
                _rows.Select(r => HiddenIn(regionGoal.Breakdowns.Administration, Dimension.Administration.Label(_instrument, r))).ToList(),
                groups.Select(g => HiddenIn(Groups(regionGoal.Breakdowns, d), d.Label(_instrument, g))).ToList());
            var hiddenLabels = groups.Where((_, g) => hidden[row][g]).Select(g => d.Label(_instrument, g)).ToHashSet();
            return Groups(goal.Breakdowns, d).Select(b => hiddenLabels.Contains(b.Group)
                ? b with { N = null, Outcome = null, Suppressed = true } : b).ToList();
        }
        return new Breakdowns(Of(Dimension.Gender), goal.Breakdowns.Administration, Of(Dimension.Municipality),
            Of(Dimension.AgeBand), Of(Dimension.Manager));
    }

    /// <summary>Whether the region's breakdown hides the group (one it does not list has no answers: nothing to hide).</summary>
    private static bool HiddenIn(IReadOnlyList<BreakdownGroup> groups, string label) =>
        groups.FirstOrDefault(b => b.Group == label)?.Suppressed ?? false;

    private static IReadOnlyList<BreakdownGroup> Groups(Breakdowns b, Dimension d) =>
        d == Dimension.Gender ? b.Gender : d == Dimension.Municipality ? b.Municipality : d == Dimension.AgeBand ? b.AgeBand : b.Manager;
}
