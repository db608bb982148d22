using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;

namespace Survey.Reports.Analyst;

/// <summary>
/// A workbook filtered to an administration shows its breakdown by a background field (gender, age band, …) as one
/// row of a two-way table, administrations × groups, whose other rows are the other administrations' workbooks and
/// whose column totals are the region's breakdown. <see cref="CrossSuppression"/> on the whole table decides the
/// row, the same way whichever workbooks are ordered, so no set of them adds up to a hidden group. A workbook
/// filtered to a unit shows no background breakdown: a unit's own table (its administration's units × groups) has
/// thousands of rows in a large region, and a breakdown of a few dozen colleagues by gender or age is close to
/// naming them anyway.
/// </summary>
internal sealed class CrossTables
{
    /// <summary>A background field of the question sheets: its index there and its question's position.</summary>
    public sealed record Background(int Field, short Position);

    // (position, field) -> answers per (administration, group).
    private readonly Dictionary<(short, int), Dictionary<(string? Row, string? Group), long>> _cells;
    private readonly WaveFilter _filter;

    private CrossTables(Dictionary<(short, int), Dictionary<(string?, string?), long>> cells, WaveFilter filter) =>
        (_cells, _filter) = (cells, filter);

    /// <param name="answer">The SQL condition on a.position and a.value that leaves out "Vet ej".</param>
    public static async Task<CrossTables> LoadAsync(NpgsqlConnection connection, Instrument instrument, short waveId,
        IReadOnlyList<Background> fields, WaveFilter filter, string answer, CancellationToken ct)
    {
        if (filter.UnitCode is not null)
            return new CrossTables([], filter);
        // Counted per combination of the background answers first, then rolled up: one plain GROUP BY over the
        // answers instead of a sort per field (as Distributions does).
        var administration = $"answers[{instrument.Question(Dimension.Administration.QuestionCode).Position}]";
        var columns = string.Join(", ", fields.Select((_, j) => $"c{j}"));
        var full = (1 << fields.Count) - 1;
        var fieldOf = string.Join(" ", fields.Select((f, j) => $"WHEN {full - (1 << (fields.Count - 1 - j))} THEN {f.Field}"));
        await using var command = new NpgsqlCommand($"""
            WITH combination AS (
                SELECT {administration} AS administration, {string.Join(", ", fields.Select((f, j) => $"answers[{f.Position}] AS c{j}"))},
                       a.position::smallint AS position, count(*) FILTER (WHERE {answer}) AS n
                FROM respondent CROSS JOIN LATERAL unnest(answers) WITH ORDINALITY AS a(value, position)
                WHERE wave_id = @wave AND a.value IS NOT NULL
                GROUP BY administration, {columns}, a.position
            )
            SELECT position, CASE grouping({columns}) {fieldOf} END, administration::text, coalesce({columns})::text, sum(n)::bigint
            FROM combination
            GROUP BY GROUPING SETS ({string.Join(", ", fields.Select((_, j) => $"(position, administration, c{j})"))})
            """, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("wave", waveId);
        var cells = new Dictionary<(short, int), Dictionary<(string?, string?), long>>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var at = (reader.GetInt16(0), reader.GetInt32(1));
            var table = cells.TryGetValue(at, out var t) ? t : cells[at] = [];
            table[(reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3))] = reader.GetInt64(4);
        }
        return new CrossTables(cells, filter);
    }

    /// <summary>Whether the filter's group of this question's field is hidden (a unit's always are).</summary>
    public Func<string?, bool> Hidden(short position, int field, RegionDecisions region)
    {
        if (_filter.UnitCode is not null)
            return _ => true;
        var table = _cells.GetValueOrDefault((position, field)) ?? [];
        // Rows and groups in the region's order (coded answers: by length, then text; not given last).
        static List<string?> Ordered(IEnumerable<string?> keys) => keys.Distinct()
            .OrderBy(k => k is null).ThenBy(k => k?.Length).ThenBy(k => k, StringComparer.Ordinal).ToList();
        var rows = Ordered(table.Keys.Select(k => k.Row));
        var groups = Ordered(table.Keys.Select(k => k.Group));
        var cells = rows.Select(r => (IReadOnlyList<long>)groups.Select(g => table.GetValueOrDefault((r, g))).ToList()).ToList();
        // The region shows the groups' totals (the columns' sums) with the one rule, and the administrations' rows.
        var hidden = CrossSuppression.Suppressed(cells, rows.Select(region.AdministrationHidden).ToList(),
            Suppression.Suppressed(groups.Select((_, g) => cells.Sum(r => r[g])).ToList()));
        var row = rows.IndexOf(_filter.AdministrationId?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return group => row < 0 || groups.IndexOf(group) is var g && (g < 0 || hidden[row][g]);
    }
}
