using Survey.Reports.Goals;

namespace Survey.Reports.Analyst;

/// <summary>
/// A filtered workbook's goals are a view of what the region shows, never figures of their own. An administration's
/// outcome of a goal is a group of the region's administration breakdown (board report, start page, API): shown
/// where that breakdown shows it, hidden where it hides it, without breakdowns by gender, municipality, age band or
/// manager (those are two-way tables, administrations × groups, that the region does not publish). A unit's goals
/// are not published: a goal's population within one unit (its managers, its residents of seven municipalities)
/// is a group the region's tables never show, and its difference from the unit's row in the question's sheet a
/// smaller one still.
/// </summary>
internal static class FilteredGoals
{
    public static async Task<GoalReport> AgreeAsync(ReportSnapshot snapshot, Instrument instrument,
        GoalReport report, GoalSelection wave, WaveFilter filter, CancellationToken ct)
    {
        if (filter == WaveFilter.All)
            return report;
        if (filter.UnitCode is not null || filter.AdministrationId is not { } administrationId)
            return report with { Goals = report.Goals.Select(g => g.Info.Source == "indicator" ? g : Hide(g)).ToList() };
        var name = instrument.CountedAdministrations.Single(a => a.Id == administrationId).Name;
        var region = await GoalOutcomes.ComputeAsync(snapshot, wave, ct);
        return report with
        {
            Goals = report.Goals.Select(goal =>
            {
                if (goal.Info.Source == "indicator")
                    return goal;
                var group = region.Goals.Single(g => g.Code == goal.Code).Breakdowns.Administration.FirstOrDefault(b => b.Group == name);
                return group is null || group.Suppressed ? Hide(goal)
                    : goal with { Breakdowns = new([], [group], [], [], []), Previous = group.Previous, Change = group.Change };
            }).ToList(),
        };
    }

    public const string Note = "Ett urval visar bara regionens egna siffror för förvaltningen eller enheten: varje siffra visas " +
        "där regionens tabeller visar gruppen och döljs där de döljer den, så att inga urval kan räknas ihop till en grupp med " +
        "färre än 5 svar. Urval visas utan nedbrytning på kön, ålder, chef och kommun (förvaltningar × grupper publiceras inte), " +
        "och en enhets arbetsbok utan målutfall (ett måls population inom en enhet är en grupp som regionen aldrig visar).";

    private static Breakdowns OwnGroupOnly(Breakdowns b) => new([], b.Administration, [], [], []);

    private static GoalOutcome Hide(GoalOutcome goal)
    {
        static IReadOnlyList<BreakdownGroup> All(IReadOnlyList<BreakdownGroup> groups) =>
            groups.Select(g => g with { N = null, Outcome = null, Suppressed = true }).ToList();
        var b = goal.Breakdowns;
        return goal with
        {
            Outcome = null, N = null, Status = null, CiLow = null, CiHigh = null, Previous = null, Change = null,
            Breakdowns = OwnGroupOnly(b with { Administration = All(b.Administration) }),
        };
    }
}
