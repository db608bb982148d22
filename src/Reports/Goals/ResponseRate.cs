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
                SELECT coalesce(a.merged_into, a.id), sum(employees)::bigint, sum(women)::bigint, sum(men)::bigint,
                       bool_and(women IS NOT NULL AND men IS NOT NULL)
                FROM headcount h JOIN administration a ON a.id = h.administration_id
                WHERE wave_id = @wave
                  AND (@administration::smallint IS NULL OR coalesce(a.merged_into, a.id) = @administration)
                  AND (@unit::text IS NULL OR unit_code = @unit)
                GROUP BY 1
                """, new { wave = waveId, administration = filter.AdministrationId, unit = filter.UnitCode },
                cancellationToken: ct))).ToList();
        var split = rows.Count > 0 && rows.All(r => r.Split);
        return new Counts(rows.Sum(r => r.Employees), rows.ToDictionary(r => r.Administration, r => r.Employees),
            split ? rows.Sum(r => r.Women ?? 0) : null, split ? rows.Sum(r => r.Men ?? 0) : null);
    }

    /// <summary>The response rate with its breakdowns as the wave's protection hides its groups on respondents.</summary>
    public static GoalOutcome Outcome(GoalOutcome goal, WaveCounts counts, Counts headcount, Instrument instrument, WaveProtection protection)
    {
        var respondents = counts.Total.Respondents;
        var byAdministration = counts.Groups[Dimension.Administration].Where(g => g.Key is not null).ToDictionary(g => g.Key!.Value, g => g.Counts.Respondents);
        var ids = headcount.ByAdministration.Keys.Union(byAdministration.Keys).Order().Where(id => byAdministration.GetValueOrDefault(id) > 0).ToList();
        var notGiven = Others(Dimension.NotGiven, respondents - byAdministration.Values.Sum()).ToList();
        var administrations = GoalOutcomes.Breakdown(ids
            .Select(id => (Dimension.Administration.Label(instrument, id), byAdministration[id],
                Rate(byAdministration[id], headcount.ByAdministration.GetValueOrDefault(id))))
            .Concat(notGiven)
            .ToList(), [.. ids.Select(id => protection.HidesGroup(Dimension.Administration, id)),
                .. notGiven.Select(_ => protection.HidesGroup(Dimension.Administration, null))]);
        // The headcount knows women and men only; everyone else is one group without a rate, shown or suppressed
        // with the others, so the total minus the shown groups reveals no small group.
        var women = counts.Groups[Dimension.Gender].Where(g => g.Key == 1).Sum(g => g.Counts.Respondents);
        var men = counts.Groups[Dimension.Gender].Where(g => g.Key == 2).Sum(g => g.Counts.Respondents);
        var gender = headcount.Women is null ? [] : GoalOutcomes.Breakdown(new[]
            {
                (Dimension.Gender.Label(instrument, 1), women, Rate(women, headcount.Women.Value)),
                (Dimension.Gender.Label(instrument, 2), men, Rate(men, headcount.Men!.Value)),
            }
            .Where(g => g.Item2 > 0)
            .Concat(Others(OthersLabel, respondents - women - men))
            .ToList(), [.. new short[] { 1, 2 }.Where(k => counts.Groups[Dimension.Gender].Any(g => g.Key == k && g.Counts.Respondents > 0))
                .Select(k => protection.HidesGroup(Dimension.Gender, k)), .. Others(OthersLabel, respondents - women - men).Select(_ => false)]);
        var breakdowns = Breakdowns.None with { Gender = gender, Administration = administrations };
        if (respondents == 0 || Suppression.TooSmall(respondents))
            return goal with { Breakdowns = breakdowns, Counted = respondents > 0 && headcount.Employees > 0 };
        var outcome = Rate(respondents, headcount.Employees);
        return goal with
        {
            Outcome = outcome,
            N = respondents,
            Status = TrafficLight.Status(outcome, goal.Target, goal.Direction),
            Breakdowns = breakdowns,
            Counted = headcount.Employees > 0,
        };
    }

    private const string OthersLabel = "Övriga/ej angivet";

    private static IEnumerable<(string, long, double?)> Others(string label, long n) =>
        n > 0 ? [(label, n, null)] : [];

    private static double? Rate(long respondents, long employees) => employees > 0 ? (double)respondents / employees : null;
}
