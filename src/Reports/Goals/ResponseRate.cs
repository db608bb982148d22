using Dapper;
using Npgsql;
using Survey.Reports.Privacy;

namespace Survey.Reports.Goals;

/// <summary>
/// G_SVARSFREKVENS: respondents / the wave's headcount, n = respondents; per administration, and per gender when
/// the headcount file split every unit by gender. A full count, not a sample, so it has no confidence interval.
/// </summary>
internal static class ResponseRate
{
    internal sealed record Counts(long Employees, IReadOnlyDictionary<short, long> ByAdministration, long? Women, long? Men);

    public static async Task<Counts> LoadAsync(NpgsqlConnection connection, short waveId,
        WaveFilter filter, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<(short Administration, long Employees, long? Women, long? Men, bool Split)>(
            new CommandDefinition("""
                SELECT administration_id, sum(employees)::bigint, sum(women)::bigint, sum(men)::bigint,
                       bool_and(women IS NOT NULL AND men IS NOT NULL)
                FROM headcount
                WHERE wave_id = @wave
                  AND (@administration::smallint IS NULL OR administration_id = @administration)
                  AND (@unit::text IS NULL OR unit_code = @unit)
                GROUP BY administration_id
                """, new { wave = waveId, administration = filter.AdministrationId, unit = filter.UnitCode },
                cancellationToken: ct))).ToList();
        var split = rows.Count > 0 && rows.All(r => r.Split);
        return new Counts(rows.Sum(r => r.Employees), rows.ToDictionary(r => r.Administration, r => r.Employees),
            split ? rows.Sum(r => r.Women ?? 0) : null, split ? rows.Sum(r => r.Men ?? 0) : null);
    }

    public static GoalOutcome Outcome(GoalOutcome goal, WaveCounts counts, Counts headcount, Instrument instrument)
    {
        var respondents = counts.Total.Respondents;
        var byAdministration = counts.Groups[Dimension.Administration].Where(g => g.Key is not null).ToDictionary(g => g.Key!.Value, g => g.Counts.Respondents);
        var administrations = GoalOutcomes.Breakdown(headcount.ByAdministration.Keys.Union(byAdministration.Keys).Order()
            .Where(id => byAdministration.GetValueOrDefault(id) > 0)
            .Select(id => (Dimension.Administration.Label(instrument, id), byAdministration[id],
                Rate(byAdministration[id], headcount.ByAdministration.GetValueOrDefault(id))))
            .ToList());
        var gender = headcount.Women is null ? [] : GoalOutcomes.Breakdown(counts.Groups[Dimension.Gender]
            .Where(g => g.Key is 1 or 2 && g.Counts.Respondents > 0)
            .Select(g => (Dimension.Gender.Label(instrument, g.Key), g.Counts.Respondents,
                Rate(g.Counts.Respondents, g.Key == 1 ? headcount.Women!.Value : headcount.Men!.Value)))
            .ToList());
        var breakdowns = Breakdowns.None with { Gender = gender, Administration = administrations };
        if (respondents == 0 || Suppression.TooSmall(respondents))
            return goal with { Breakdowns = breakdowns };
        var outcome = Rate(respondents, headcount.Employees);
        return goal with
        {
            Outcome = outcome,
            N = respondents,
            Status = TrafficLight.Status(outcome, goal.Target, goal.Direction),
            Breakdowns = breakdowns,
        };
    }

    private static double? Rate(long respondents, long employees) => employees > 0 ? (double)respondents / employees : null;
}
