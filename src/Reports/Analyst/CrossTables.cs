using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;

namespace Survey.Reports.Analyst;

/// <summary>
/// A filtered workbook's breakdown by a background field (gender, age band, …) is one row of a two-way table: for
/// an administration, administrations × groups, whose other rows are the other administrations' workbooks and whose
/// column totals are the region's breakdown; for a unit, the units of its administration × groups, whose column
/// totals are the administration's workbook. <see cref="CrossSuppression"/> on the whole table decides the row, the
/// same way whichever workbook is ordered, so no set of them adds up to a hidden group.
/// </summary>
internal sealed class CrossTables
{
    /// <summary>A background field of the question sheets: its index there, its column name and question's position.</summary>
    public sealed record Background(int Field, string Column, short Position);

    // (position, field) -> the lines of the table: row key (administration or unit), group key, value -> count.
    private readonly Dictionary<(short, int), List<(string? Row, string? Group, Dictionary<short, long> Counts)>> _administrations;
    private readonly Dictionary<(short, int), List<(string? Row, string? Group, Dictionary<short, long> Counts)>> _units;
    private readonly string _administration;
    private readonly string? _unit;

    private CrossTables(Dictionary<(short, int), List<(string?, string?, Dictionary<short, long>)>> administrations,
        Dictionary<(short, int), List<(string?, string?, Dictionary<short, long>)>> units, string administration, string? unit)
    {
        (_administrations, _units, _administration, _unit) = (administrations, units, administration, unit);
    }

    /// <param name="administration">The filter's administration (a unit's: the one its respondents answered), or
    /// null when a unit's respondents gave none: then every group is hidden.</param>
    public static async Task<CrossTables> LoadAsync(NpgsqlConnection connection, Instrument instrument, short waveId,
        IReadOnlyList<Background> fields, WaveFilter filter, short? administration, CancellationToken ct)
    {
        var position = instrument.Question(Dimension.Administration.QuestionCode).Position;
        var all = await CountAsync(connection, waveId, fields, $"answers[{position}]", "", ct);
        var units = filter.UnitCode is null || administration is null ? []
            : await CountAsync(connection, waveId, fields, "unit_code", $" AND answers[{position}] = {administration}", ct);
        return new CrossTables(all, units, administration?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", filter.UnitCode);
    }

    /// <summary>The filter's groups of this question's field that the whole table hides.</summary>
    public IReadOnlySet<string?> Hidden(short position, int field, Func<IReadOnlyDictionary<short, long>, long> n, RegionRows region)
    {
        var table = Cells(_administrations.GetValueOrDefault((position, field)) ?? [], n);
        // The groups in the region's order (coded answers: by length, then text; not given last); the region shows
        // their totals with the one rule.
        var groups = table.Keys.Select(k => k.Group).Distinct()
            .OrderBy(g => g is null).ThenBy(g => g?.Length).ThenBy(g => g, StringComparer.Ordinal).ToList();
        var rows = table.Keys.Select(k => k.Row).Distinct().ToList();
        var regionHidden = Suppression.Suppressed(groups.Select(g => rows.Sum(r => table.GetValueOrDefault((r, g)))).ToList());
        var hidden = Decide(table, rows, groups, rows.Select(region.AdministrationHidden).ToList(), regionHidden);
        var row = rows.IndexOf(_administration);
        var administrationHidden = groups.Select((_, g) => row < 0 || hidden[row][g]).ToList();
        if (_unit is null)
            return groups.Where((_, g) => administrationHidden[g]).ToHashSet();

        var unitTable = Cells(_units.GetValueOrDefault((position, field)) ?? [], n);
        var units = unitTable.Keys.Select(k => k.Row).Distinct().ToList();
        var unitHidden = Decide(unitTable, units, groups, units.Select(region.UnitHidden).ToList(), administrationHidden);
        var unitRow = units.IndexOf(_unit);
        return groups.Where((_, g) => unitRow < 0 || unitHidden[unitRow][g]).ToHashSet();
    }

    private static Dictionary<(string? Row, string? Group), long> Cells(
        List<(string? Row, string? Group, Dictionary<short, long> Counts)> lines, Func<IReadOnlyDictionary<short, long>, long> n) =>
        lines.ToDictionary(l => (l.Row, l.Group), l => n(l.Counts));

    private static bool[][] Decide(Dictionary<(string? Row, string? Group), long> table, List<string?> rows,
        IReadOnlyList<string?> groups, IReadOnlyList<bool> rowHidden, IReadOnlyList<bool> columnHidden) =>
        CrossSuppression.Suppressed(
            rows.Select(r => (IReadOnlyList<long>)groups.Select(g => table.GetValueOrDefault((r, g))).ToList()).ToList(),
            rowHidden, columnHidden);

    /// <summary>Answers per (position, field, row, group, value) over the wave (or the part <paramref name="scope"/> picks).</summary>
    private static async Task<Dictionary<(short, int), List<(string?, string?, Dictionary<short, long>)>>> CountAsync(
        NpgsqlConnection connection, short waveId, IReadOnlyList<Background> fields, string row, string scope, CancellationToken ct)
    {
        var columns = string.Join(", ", fields.Select(f => $"answers[{f.Position}]"));
        var full = (1 << fields.Count) - 1;
        var fieldOf = string.Join(" ", fields.Select((f, j) => $"WHEN {full - (1 << (fields.Count - 1 - j))} THEN {f.Field}"));
        await using var command = new NpgsqlCommand($"""
            SELECT * FROM (
                SELECT a.position::smallint AS position, CASE grouping({columns}) {fieldOf} END AS field, {row}::text AS row,
                       coalesce({columns})::text AS key, a.value, count(*) AS n
                FROM respondent CROSS JOIN LATERAL unnest(answers) WITH ORDINALITY AS a(value, position)
                WHERE wave_id = @wave AND a.value IS NOT NULL{scope}
                GROUP BY GROUPING SETS ({string.Join(", ", fields.Select(f => $"(a.position, a.value, {row}, answers[{f.Position}])"))})) counted
            ORDER BY position, field, length(row), row, length(key), key, value
            """, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("wave", waveId);
        var result = new Dictionary<(short, int), List<(string?, string?, Dictionary<short, long>)>>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var at = (reader.GetInt16(0), reader.GetInt32(1));
            var (rowKey, key) = (reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            var lines = result.TryGetValue(at, out var list) ? list : result[at] = [];
            if (lines.Count == 0 || lines[^1].Item1 != rowKey || lines[^1].Item2 != key)
                lines.Add((rowKey, key, []));
            lines[^1].Item3[reader.GetInt16(4)] = reader.GetInt64(5);
        }
        return result;
    }
}
