using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Reports.Analyst;

/// <summary>
/// Every answer of the respondents in a filter's scope, counted per question in total, per group of each field (a
/// background question, or the unit) and per value, from one read of the respondents. The SQL this replaced unnested
/// each of a million respondents' 22 million answers twice and sorted 8 million rows by text (51 s of a 48,000-unit
/// workbook). Each question's answers are held as a column of one byte a respondent, the index of its value among the
/// question's distinct values (25 MB at a million respondents and 25 questions); a background field's groups are
/// those of its question's column, so a question is counted by a background field in one pass over two columns, and
/// only the units, which are many, keep the respondents ordered by unit to be counted unit by unit.
/// Values are as stored, the administration's with its merges applied, as <see cref="InstrumentSql.AnswerSql"/>.
/// </summary>
internal sealed class AnswerCounts
{
    private const short None = short.MinValue; // no answer (null in respondent.answers)

    private readonly Column[] _columns; // per position - 1
    private readonly int _rows;
    private readonly int[] _fieldColumns; // per field, its question's column; -1 for the unit
    private readonly string?[][] _keys; // per field, its groups' keys in the sheets' order (by key, null "not given" last)
    private readonly int[][] _order; // per background field, its column's value indexes in that order
    private readonly int[] _byUnit = []; // the respondents ordered by unit, in the units' order
    private readonly int[] _unitStarts = [0]; // where each unit's respondents start in _byUnit (one more: the end)

    /// <summary>Each unit's administration as its respondents in the scope gave it (<see cref="Privacy.SheetCounts.AdministrationOf"/>).</summary>
    public IReadOnlyDictionary<string, short> AdministrationOfUnits { get; }

    private AnswerCounts(Column[] columns, int rows, IReadOnlyList<Question?> fields, int[] unitOf, List<string> units, short? administration)
    {
        (_columns, _rows) = (columns, rows);
        _fieldColumns = [.. fields.Select(f => f is { Position: { } p } ? p - 1 : -1)];
        _keys = new string?[fields.Count][];
        _order = new int[fields.Count][];
        for (var f = 0; f < fields.Count; f++)
        {
            if (_fieldColumns[f] < 0)
            {
                var rank = SheetOrder([.. units]);
                _keys[f] = [.. rank.Select(u => units[u] is { Length: > 0 } code ? code : null)];
                (_byUnit, _unitStarts) = ByGroup(unitOf, rows, rank);
                continue;
            }
            var column = columns[_fieldColumns[f]];
            var keys = column.Values.Select((v, i) => i == 0 ? null : v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            _order[f] = [.. SheetOrder(keys).Where(i => i > 0 || column.Answered < rows)];
            _keys[f] = [.. _order[f].Select(i => keys[i])];
        }
        AdministrationOfUnits = UnitAdministrations(administration is { } a ? columns[a - 1] : null, unitOf, units);
    }

    /// <summary>Every group with respondents in the scope, per field, whether or not it answered a given question.</summary>
    public IEnumerable<(int Field, string? Key)> Listed => _keys.SelectMany((keys, f) => keys.Select(key => (f, key)));

    /// <param name="fields">Per field, the background question it groups by, or null for the unit.</param>
    public static async Task<AnswerCounts> ReadAsync(NpgsqlConnection connection, Instrument instrument, IReadOnlyList<Question?> fields,
        short waveId, WaveFilter filter, CancellationToken ct)
    {
        var scope = $"FROM respondent WHERE wave_id = @wave{WaveAggregate.FilterSql(instrument, filter)}";
        await using var command = new NpgsqlCommand($"SELECT count(*) {scope}; SELECT unit_code, answers {scope}", connection)
            { CommandTimeout = 0 };
        command.Parameters.AddWithValue("wave", waveId);
        WaveAggregate.AddFilterParameters(command, filter);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var rows = (int)reader.GetInt64(0);
        await reader.NextResultAsync(ct);

        var width = instrument.Positioned.Max(q => (int?)q.Position) ?? 0;
        var administration = instrument.Positioned.FirstOrDefault(q => q.Kind == "administration")?.Position;
        var columns = Enumerable.Range(0, width).Select(_ => new Column(rows)).ToArray();
        var unitOf = fields.Contains(null) ? new int[rows] : null;
        var unitIndex = new Dictionary<string, int>();
        var units = new List<string>(); // the unit "not given" (null) is "" here and null in the keys
        var row = 0;
        while (await reader.ReadAsync(ct))
        {
            var stored = reader.GetFieldValue<short?[]>(1);
            for (var p = 0; p < width && p < stored.Length; p++)
                if (stored[p] is { } v)
                    columns[p].Set(row, p + 1 == administration && instrument.Merged.TryGetValue(v, out var into) ? into : v);
            if (unitOf is not null)
            {
                var unit = reader.IsDBNull(0) ? "" : reader.GetString(0);
                if (!unitIndex.TryGetValue(unit, out var u))
                {
                    unitIndex[unit] = u = units.Count;
                    units.Add(unit);
                }
                unitOf[row] = u;
            }
            row++;
        }
        return new AnswerCounts(columns, row, fields, unitOf ?? [], units, administration);
    }

    /// <summary>
    /// A question's counts: the total (field -1), then each field's groups in the sheets' order (by key, "not given"
    /// last), each group only where it gave the question an answer.
    /// </summary>
    public List<(int Field, object? Key, AnswerTally Counts)> Of(short position)
    {
        var column = _columns[position - 1];
        var result = new List<(int Field, object? Key, AnswerTally Counts)>();
        if (column.Answered == 0)
            return result;
        var values = column.Values.Count;
        var counts = new int[values];
        for (var r = 0; r < _rows; r++)
            counts[column[r]]++;
        result.Add((-1, null, Take(counts, 0)!));
        for (var f = 0; f < _keys.Length; f++)
        {
            if (_fieldColumns[f] < 0)
            {
                for (var u = 0; u < _keys[f].Length; u++)
                {
                    for (var at = _unitStarts[u]; at < _unitStarts[u + 1]; at++)
                        counts[column[_byUnit[at]]]++;
                    if (Take(counts, 0) is { } counted)
                        result.Add((f, _keys[f][u], counted));
                }
                continue;
            }
            // One pass over the field's column and the question's: a count per (group, value).
            var groups = _columns[_fieldColumns[f]];
            var grid = new int[groups.Values.Count * values];
            for (var r = 0; r < _rows; r++)
                grid[groups[r] * values + column[r]]++;
            for (var g = 0; g < _order[f].Length; g++)
                if (Take(grid, _order[f][g] * values) is { } counted)
                    result.Add((f, _keys[f][g], counted));
        }
        return result;

        // One group's counts from counts[at..at + values], nonzero answers only, or null when it gave no answer; left
        // zeroed.
        AnswerTally? Take(int[] counts, int at)
        {
            var nonzero = 0;
            for (var i = 1; i < values; i++)
                nonzero += counts[at + i] > 0 ? 1 : 0;
            var counted = nonzero == 0 ? null : new KeyValuePair<short, long>[nonzero];
            for (int i = 1, j = 0; i < values && counted is not null; i++)
                if (counts[at + i] > 0)
                    counted[j++] = new(column.Values[i], counts[at + i]);
            Array.Clear(counts, at, values);
            return counted is null ? null : new AnswerTally(counted);
        }
    }

    /// <summary>Indexes of keys in the sheets' order: by key as number text (length, then ordinal), null or "" last.</summary>
    private static int[] SheetOrder(string?[] keys) =>
        [.. Enumerable.Range(0, keys.Length).OrderBy(i => string.IsNullOrEmpty(keys[i])).ThenBy(i => keys[i]?.Length)
            .ThenBy(i => keys[i], StringComparer.Ordinal)];

    /// <summary>The rows ordered by group rank (a counting sort) and where each group starts, one more for the end.</summary>
    private static (int[] ByGroup, int[] Starts) ByGroup(int[] groupOf, int rows, int[] order)
    {
        var rank = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
            rank[order[i]] = i;
        var starts = new int[order.Length + 1];
        for (var r = 0; r < rows; r++)
            starts[rank[groupOf[r]] + 1]++;
        for (var i = 0; i < order.Length; i++)
            starts[i + 1] += starts[i];
        var next = starts[..^1];
        var byGroup = new int[rows];
        for (var r = 0; r < rows; r++)
            byGroup[next[rank[groupOf[r]]]++] = r;
        return (byGroup, starts);
    }

    private static Dictionary<string, short> UnitAdministrations(Column? administration, int[] unitOf, List<string> units)
    {
        if (administration is null || unitOf.Length == 0)
            return [];
        var respondents = new Dictionary<(int Unit, int Administration), long>();
        for (var r = 0; r < unitOf.Length; r++)
            if (administration[r] is var i and > 0)
                respondents[(unitOf[r], i)] = respondents.GetValueOrDefault((unitOf[r], i)) + 1;
        var result = new Dictionary<string, short>();
        foreach (var unit in respondents.GroupBy(x => x.Key.Unit))
            if (units[unit.Key] is { Length: > 0 } code
                && Privacy.SheetCounts.AdministrationOf(unit.Select(x => ((short?)administration.Values[x.Key.Administration], x.Value))) is { } chosen)
                result[code] = chosen;
        return result;
    }

    /// <summary>
    /// One question's answers: per respondent the index of its value in <see cref="Values"/> (0: no answer), a byte
    /// each until the question has more than 255 distinct values (travel time in minutes), then an int.
    /// </summary>
    private sealed class Column(int rows)
    {
        private readonly Dictionary<short, int> _index = [];
        private byte[]? _narrow = new byte[rows];
        private int[]? _wide;

        /// <summary>The distinct values in the order first met; index 0 stands for no answer.</summary>
        public List<short> Values { get; } = [None];

        /// <summary>How many respondents answered.</summary>
        public int Answered { get; private set; }

        public int this[int row] => _narrow is { } narrow ? narrow[row] : _wide![row];

        public void Set(int row, short value)
        {
            if (!_index.TryGetValue(value, out var i))
            {
                _index[value] = i = Values.Count;
                Values.Add(value);
                if (i == 256)
                {
                    _wide = Array.ConvertAll(_narrow!, b => (int)b);
                    _narrow = null;
                }
            }
            if (_narrow is { } narrow)
                narrow[row] = (byte)i;
            else
                _wide![row] = i;
            Answered++;
        }
    }
}
