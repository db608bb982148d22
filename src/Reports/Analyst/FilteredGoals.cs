using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;

namespace Survey.Reports.Analyst;

/// <summary>
/// A filtered workbook's goals agree with what the region shows. An administration's outcome of a goal is a group of
/// the region's administration breakdown (board report, start page, API): where that breakdown hides it, the
/// filtered workbook hides it too, breakdowns and all. A unit's outcome is hidden with its administration's, and
/// when its administration minus the unit leaves 1 to 4 in the goal's denominator.
/// </summary>
internal static class FilteredGoals
{
    public static async Task<GoalReport> AgreeAsync(NpgsqlDataSource db, NpgsqlConnection connection, Instrument instrument,
        GoalReport report, string waveCode, WaveFilter filter, CancellationToken ct)
    {
        if (filter == WaveFilter.All)
            return report;
        var administrationId = filter.AdministrationId ?? await AdministrationOfUnitAsync(connection, instrument, report.WaveId!.Value, filter.UnitCode!, ct);
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
                return hidden ? Hide(goal) : goal;
            }).ToList(),
        };
    }

    private static GoalOutcome Hide(GoalOutcome goal)
    {
        static IReadOnlyList<BreakdownGroup> All(IReadOnlyList<BreakdownGroup> groups) =>
            groups.Select(g => g with { N = null, Outcome = null, Suppressed = true }).ToList();
        var b = goal.Breakdowns;
        return goal with
        {
            Outcome = null, N = null, Status = null, CiLow = null, CiHigh = null,
            Breakdowns = new Breakdowns(All(b.Gender), All(b.Administration), All(b.Municipality), All(b.AgeBand), All(b.Manager)),
        };
    }

    private static async Task<short?> AdministrationOfUnitAsync(NpgsqlConnection connection, Instrument instrument, short waveId,
        string unit, CancellationToken ct)
    {
        var owners = await RegionRows.AdministrationsOfUnitsAsync(connection, instrument, waveId, new WaveFilter(UnitCode: unit), ct);
        return owners.TryGetValue(unit, out var owner) ? short.Parse(owner, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
