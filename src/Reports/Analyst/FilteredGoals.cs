using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;

namespace Survey.Reports.Analyst;

/// <summary>
/// A filtered workbook's goals agree with what the region shows. An administration's outcome of a goal is a group of
/// the region's administration breakdown (board report, start page, API): where that breakdown hides it, the
/// filtered workbook hides it too. A unit's outcome is hidden with its administration's, and when its administration
/// minus the unit leaves 1 to 4 in the goal's denominator. The goals' breakdowns by gender, age band, manager and
/// municipality are left out of a filtered workbook: against the other filters' and the region's they would need
/// the two-way protection the question sheets have (CrossTables), and the question sheets carry them.
/// </summary>
internal static class FilteredGoals
{
    public static async Task<GoalReport> AgreeAsync(NpgsqlDataSource db, NpgsqlConnection connection, Instrument instrument,
        GoalReport report, string waveCode, WaveFilter filter, CancellationToken ct)
    {
        if (filter == WaveFilter.All)
            return report;
        var administrationId = filter.AdministrationId ?? await RegionRows.AdministrationOfUnitAsync(connection, instrument, report.WaveId!.Value, filter.UnitCode!, ct);
        if (administrationId is null)
            return report with { Goals = report.Goals.Select(g => g.N is null ? g : Hide(g)).ToList() }; // nothing to check against
        var name = instrument.Administrations.Single(a => a.Id == administrationId).Name;
        var region = await GoalOutcomes.ComputeAsync(db, GoalSelection.ForWave(waveCode), ct);
        var administration = filter.UnitCode is null ? null
            : await GoalOutcomes.ComputeAsync(db, GoalSelection.ForWave(waveCode), new WaveFilter(administrationId.Value), ct);
        return report with
        {
            Goals = report.Goals.Select(goal =>
            {
                var shown = region.Goals.Single(g => g.Code == goal.Code).Breakdowns.Administration;
                var hidden = shown.Any(b => b.Group == name && b.Suppressed)
                    || (administration?.Goals.Single(g => g.Code == goal.Code).N is { } whole && goal.N is { } part
                        && whole - part is > 0 and < Suppression.MinimumGroupSize);
                return hidden ? Hide(goal) : goal with { Breakdowns = OwnGroupOnly(goal.Breakdowns) };
            }).ToList(),
        };
    }

    public const string Note = "I ett urval visas en siffra bara där regionens tabeller visar gruppen, och varje nedbrytning på " +
        "bakgrund avgörs i hela tabellen (alla förvaltningar, eller alla enheter i förvaltningen), så att inga urval kan räknas " +
        "ihop till en grupp med färre än 5 svar. Målen visas därför utan nedbrytning på kön, ålder, chef och kommun; den finns i frågebladen.";

    private static Breakdowns OwnGroupOnly(Breakdowns b) => new([], b.Administration, [], [], []);

    private static GoalOutcome Hide(GoalOutcome goal)
    {
        static IReadOnlyList<BreakdownGroup> All(IReadOnlyList<BreakdownGroup> groups) =>
            groups.Select(g => g with { N = null, Outcome = null, Suppressed = true }).ToList();
        var b = goal.Breakdowns;
        return goal with
        {
            Outcome = null, N = null, Status = null, CiLow = null, CiHigh = null,
            Breakdowns = OwnGroupOnly(b with { Administration = All(b.Administration) }),
        };
    }
}
