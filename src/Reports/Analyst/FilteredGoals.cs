using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Reports.Analyst;

/// <summary>
/// A filtered workbook's goals agree with what the region shows. An administration's outcome of a goal is a group of
/// the region's administration breakdown (board report, start page, API): where that breakdown hides it, the
/// filtered workbook hides it too, and its breakdowns by gender, municipality, age band and manager are decided on
/// the whole table administrations × groups (<see cref="GoalCrossTables"/>). A unit's outcome is hidden with its
/// administration's, and where the rule of the units' rows, applied to the goal's denominator across the
/// administration's units, hides it; a unit's workbook has no background breakdowns (as its question sheets).
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
        var units = filter.UnitCode is null ? null
            : await UnitsAsync(connection, instrument, report.WaveId!.Value, administrationId.Value, ct);
        var cross = filter.UnitCode is null ? await GoalCrossTables.LoadAsync(connection, instrument, report.WaveId!.Value, ct) : null;
        var measures = SurveyGoals.Measures(instrument);
        return report with
        {
            Goals = report.Goals.Select(goal =>
            {
                var regionGoal = region.Goals.Single(g => g.Code == goal.Code);
                var hidden = regionGoal.Breakdowns.Administration.Any(b => b.Group == name && b.Suppressed)
                    || (units is not null && goal.N is not null && UnitHidden(units, filter.UnitCode!,
                        measures.ToList().FindIndex(m => m.GoalCode == goal.Code)));
                return hidden ? Hide(goal) : goal with
                {
                    Breakdowns = cross?.Protect(goal, regionGoal, administrationId.Value) ?? OwnGroupOnly(goal.Breakdowns),
                };
            }).ToList(),
        };
    }

    /// <summary>
    /// Whether the unit's outcome of a goal must be hidden: its administration's outcome is shown in its own
    /// workbook, and the units' in theirs, so they follow the rule of the units' rows (UnitSuppression) on the
    /// goal's denominator (the measure's answers, or respondents for the response rate: <paramref name="measure"/> -1).
    /// </summary>
    private static bool UnitHidden(List<(string? Unit, long Respondents, long[] Answered)> units, string unit, int measure)
    {
        long N((string? Unit, long Respondents, long[] Answered) u) => measure < 0 ? u.Respondents : u.Answered[measure];
        var family = units.Where(u => N(u) > 0).ToList();
        var (_, hidden) = UnitSuppression.Suppressed([("x", family.Sum(N))], family.Select(u => ((string?)"x", N(u))).ToList());
        var at = family.FindIndex(u => u.Unit == unit);
        return at < 0 || hidden[at];
    }

    /// <summary>Per unit of the administration (and its respondents without one): respondents and each measure's answers.</summary>
    private static async Task<List<(string? Unit, long Respondents, long[] Answered)>> UnitsAsync(NpgsqlConnection connection,
        Instrument instrument, short waveId, short administration, CancellationToken ct)
    {
        var measures = SurveyGoals.Measures(instrument);
        var combination = WaveAggregate.CombinationSql(instrument, measures, new WaveFilter(administration), keys: "unit_code");
        await using var command = new NpgsqlCommand(
            $"SELECT * FROM ({combination}) units ORDER BY unit_code IS NULL, length(unit_code), unit_code", connection)
        {
            CommandTimeout = 0,
        };
        command.Parameters.AddWithValue("wave", waveId);
        WaveAggregate.AddFilterParameters(command, new WaveFilter(administration));
        var units = new List<(string?, long, long[])>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            units.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1),
                Enumerable.Range(0, measures.Count).Select(i => reader.GetInt64(2 + 2 * i)).ToArray())); // d{i}, s{i} pairs
        return units;
    }

    public const string Note = "I ett urval visas en siffra bara där regionens tabeller visar gruppen, och varje nedbrytning på " +
        "bakgrund avgörs i hela tabellen (alla förvaltningar), så att inga urval kan räknas ihop till en grupp med färre än 5 svar. " +
        "En enhets arbetsbok visas utan nedbrytning på kön, ålder, chef och kommun.";

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
