using Npgsql;

namespace Survey.Reports.Goals;

/// <summary>Which respondents of a wave a report covers: all, or one administration, or one unit.</summary>
public sealed record WaveFilter(short? AdministrationId = null, string? UnitCode = null)
{
    public static readonly WaveFilter All = new();
}

/// <summary>Denominator, numerator sum and sum of squares of every survey measure for one group of respondents.</summary>
internal sealed record GroupCounts(long Respondents, long[] Answered, double[] Sum, double[] Squares)
{
    public Comparison.Moments Moments(int measure) => new(Answered[measure], Sum[measure], Squares[measure]);
}

internal sealed record WaveCounts(GroupCounts Total, IReadOnlyDictionary<Dimension, IReadOnlyList<(short? Key, GroupCounts Counts)>> Groups);

/// <summary>
/// Every survey goal with every breakdown in one pass over the wave: the combination query aggregates respondents
/// per combination of the background answers (a plain GROUP BY, which PostgreSQL runs in parallel), the roll-up
/// turns those few thousand rows into the total and each breakdown with GROUPING SETS. GoalTally keeps the
/// combination rows, so the roll-up alone serves later requests.
/// </summary>
internal static class WaveAggregate
{
    /// <summary>
    /// Per combination of the breakdown keys (or of <paramref name="keys"/>, e.g. unit_code): respondents, then d{i}
    /// (answered), s{i} (sum) and q{i} (sum of squares) per measure. <paramref name="from"/> counts other rows with
    /// respondent's unit_code and answers (an upload's, or the rows it replaced) instead of the wave's.
    /// </summary>
    public static string CombinationSql(Instrument instrument, IReadOnlyList<SurveyMeasure> measures, WaveFilter filter,
        string? keys = null, string? from = null)
    {
        var answers = string.Join(",\n           ", instrument.Positioned.Select(q => $"{instrument.AnswerExpression(q)} AS {q.Column}"));
        keys ??= string.Join(", ", Dimension.OfGoals.Select(d => d.Column));
        var sums = string.Join(",\n       ", measures.Select((m, i) =>
            $"count(*) FILTER (WHERE {m.Answered}) AS d{i}, sum({m.Value}) FILTER (WHERE {m.Answered})::float8 AS s{i}, " +
            $"sum({m.Squares}) FILTER (WHERE {m.Answered})::float8 AS q{i}"));
        return $"""
            SELECT {keys}, count(*) AS respondents,
                   {sums}
            FROM (
                SELECT unit_code, {answers}
                FROM {from ?? $"respondent WHERE wave_id = @wave{FilterSql(instrument, filter)}"}
            ) r
            GROUP BY {keys}
            """;
    }

    /// <summary>The total and each breakdown from combination rows with the columns of CombinationSql.</summary>
    public static string RollupSql(int measures, string combination)
    {
        var keys = string.Join(", ", Dimension.OfGoals.Select(d => d.Column));
        var sums = string.Join(", ", Enumerable.Range(0, measures).Select(i => $"sum(d{i})::bigint, sum(s{i})::float8, sum(q{i})::float8"));
        var sets = string.Join(", ", Dimension.OfGoals.Select(d => $"({d.Column})"));
        return $"""
            SELECT grouping({keys}), {keys}, coalesce(sum(respondents), 0)::bigint, {sums}
            FROM ({combination}) combination
            GROUP BY GROUPING SETS ((), {sets})
            """;
    }

    internal static string FilterSql(Instrument instrument, WaveFilter filter) =>
        (filter.AdministrationId is null ? "" : $" AND {instrument.AdministrationSql()} = @administration")
        + (filter.UnitCode is null ? "" : " AND unit_code = @unit");

    internal static void AddFilterParameters(NpgsqlCommand command, WaveFilter filter)
    {
        if (filter.AdministrationId is { } administration)
            command.Parameters.AddWithValue("administration", administration);
        if (filter.UnitCode is { } unit)
            command.Parameters.AddWithValue("unit", unit);
    }

    /// <summary>Counts straight from the respondents (no tally), e.g. for one unit, in the report's snapshot.</summary>
    public static async Task<WaveCounts> RunAsync(NpgsqlConnection connection, Instrument instrument,
        IReadOnlyList<SurveyMeasure> measures, short waveId, WaveFilter filter, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(RollupSql(measures.Count, CombinationSql(instrument, measures, filter)), connection)
        {
            CommandTimeout = 0,
        };
        command.Parameters.AddWithValue("wave", waveId);
        AddFilterParameters(command, filter);
        return await ReadAsync(command, measures, ct);
    }

    /// <summary>
    /// JIT compiling these wide expressions costs seconds on every run, more than it saves on a million rows.
    /// </summary>
    internal static async Task NoJitAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var set = new NpgsqlCommand("SET LOCAL jit = off", connection);
        await set.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The roll-up's rows, each measure's sums divided by its <see cref="SurveyMeasure.Unit"/> again.</summary>
    internal static async Task<WaveCounts> ReadAsync(NpgsqlCommand command, IReadOnlyList<SurveyMeasure> measured, CancellationToken ct)
    {
        var measures = measured.Count;
        var units = measured.Select(m => (double)m.Unit).ToArray();
        var dims = Dimension.OfGoals;
        var total = new GroupCounts(0, new long[measures], new double[measures], new double[measures]);
        var groups = dims.ToDictionary(d => d, _ => new List<(short?, GroupCounts)>());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var grouping = reader.GetInt32(0);
            var first = dims.Count + 2;
            var counts = new GroupCounts(reader.IsDBNull(first - 1) ? 0 : reader.GetInt64(first - 1),
                Enumerable.Range(0, measures).Select(i => reader.IsDBNull(first + 3 * i) ? 0 : reader.GetInt64(first + 3 * i)).ToArray(),
                Enumerable.Range(0, measures).Select(i => reader.IsDBNull(first + 3 * i + 1) ? 0 : reader.GetDouble(first + 3 * i + 1) / units[i]).ToArray(),
                Enumerable.Range(0, measures).Select(i => reader.IsDBNull(first + 3 * i + 2) ? 0 : reader.GetDouble(first + 3 * i + 2) / (units[i] * units[i])).ToArray());
            // grouping() sets a bit per key left out of the set, the first key in the highest bit.
            var active = Enumerable.Range(0, dims.Count).Where(i => (grouping & (1 << (dims.Count - 1 - i))) == 0).ToList();
            if (active.Count == 0)
                total = counts;
            else
                groups[dims[active[0]]].Add((reader.IsDBNull(1 + active[0]) ? null : reader.GetInt16(1 + active[0]), counts));
        }
        return new WaveCounts(total, groups.ToDictionary(g => g.Key,
            g => (IReadOnlyList<(short?, GroupCounts)>)g.Value.OrderBy(x => x.Item1 is null).ThenBy(x => x.Item1).ToList()));
    }
}
