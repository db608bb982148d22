using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Reports.Analyst;

/// <summary>
/// Every answer of the respondents in a filter's scope, counted per question in total, per group of each field (a
/// background question, or the unit) and per value, from one read of the respondents. The SQL this replaced unnested
/// each of a million respondents' 22 million answers twice and sorted 8 million rows by text (51 s of a 48,000-unit
/// workbook). The answers are held as a matrix of 16-bit codes (50 MB at a million respondents), the respondents
/// ordered once per field by group, and each question counted group by group into one array of its values.
/// Values are as stored, the administration's with its merges applied, as <see cref="InstrumentSql.AnswerSql"/>.
/// </summary>
internal sealed class AnswerCounts
{
    private const short None = short.MinValue; // no answer (null in respondent.answers)

    private readonly short[] _answers; // respondent-major: row * _width + position - 1
    private readonly int _rows, _width;
    private readonly string?[][] _keys; // per field, its groups' keys in the sheets' order (by key, null "not given" last)
    private readonly int[][] _byGroup; // per field, the respondents ordered by group, in that order
    private readonly int[][] _starts; // per field, where each group's respondents start in _byGroup (one more: the end)

    /// <summary>Each unit's administration as its respondents in the scope gave it (<see cref="Privacy.SheetCounts.AdministrationOf"/>).</summary>
    public IReadOnlyDictionary<string, short> AdministrationOfUnits { get; }

    private AnswerCounts(short[] answers, int rows, int width, int[][] groupOf, string?[][] keys, IReadOnlyDictionary<string, short> administrationOfUnits)
    {
        (_answers, _rows, _width, AdministrationOfUnits) = (answers, rows, width, administrationOfUnits);
        _keys = new string?[keys.Length][];
        _byGroup = new int[keys.Length][];
        _starts = new int[keys.Length][];
        for (var f = 0; f < keys.Length; f++)
        {
            var k = keys[f];
            var order = Enumerable.Range(0, k.Length).OrderBy(g => k[g] is null).ThenBy(g => k[g]?.Length)
                .ThenBy(g => k[g], StringComparer.Ordinal).ToArray();
            var rank = new int[k.Length];
            for (var i = 0; i < order.Length; i++)
                rank[order[i]] = i;
            _keys[f] = [.. order.Select(g => k[g])];
            // A counting sort of the respondents by their group's rank.
            var starts = new int[k.Length + 1];
            foreach (var g in groupOf[f])
                starts[rank[g] + 1]++;
            for (var i = 0; i < k.Length; i++)
                starts[i + 1] += starts[i];
            var next = starts[..^1];
            var byGroup = new int[rows];
            for (var r = 0; r < rows; r++)
                byGroup[next[rank[groupOf[f][r]]]++] = r;
            (_byGroup[f], _starts[f]) = (byGroup, starts);
        }
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
        var answers = new short[(long)rows * width];
        var groupOf = fields.Select(_ => new int[rows]).ToArray();
        var groups = fields.Select(_ => new Dictionary<string, int>()).ToArray();
        var keys = fields.Select(_ => new List<string?>()).ToArray();
        var notGiven = fields.Select(_ => -1).ToArray();
        int Group(int field, string? key)
        {
            if (key is null)
            {
                if (notGiven[field] < 0)
                {
                    notGiven[field] = keys[field].Count;
                    keys[field].Add(null);
                }
                return notGiven[field];
            }
            if (!groups[field].TryGetValue(key, out var g))
            {
                groups[field][key] = g = keys[field].Count;
                keys[field].Add(key);
            }
            return g;
        }
        var row = 0;
        while (await reader.ReadAsync(ct))
        {
            var unit = reader.IsDBNull(0) ? null : reader.GetString(0);
            var stored = reader.GetFieldValue<short?[]>(1);
            var at = (long)row * width;
            for (var p = 0; p < width; p++)
                answers[at + p] = p < stored.Length && stored[p] is { } v ? v : None;
            if (administration is { } a && answers[at + a - 1] is var id && id != None && instrument.Merged.TryGetValue(id, out var into))
                answers[at + a - 1] = into;
            for (var f = 0; f < fields.Count; f++)
                groupOf[f][row] = Group(f, fields[f] is { Position: { } position }
                    ? answers[at + position - 1] is var key && key != None ? key.ToString(System.Globalization.CultureInfo.InvariantCulture) : null
                    : unit);
            row++;
        }
        return new AnswerCounts(answers, row, width, groupOf, [.. keys.Select(k => k.ToArray())],
            UnitAdministrations(answers, row, width, administration, fields, groupOf, keys));
    }

    private static Dictionary<string, short> UnitAdministrations(short[] answers, int rows, int width, short? administration,
        IReadOnlyList<Question?> fields, int[][] groupOf, List<string?>[] keys)
    {
        var unitField = fields.ToList().IndexOf(null);
        if (unitField < 0 || administration is not { } a)
            return [];
        var respondents = new Dictionary<(int Unit, short Administration), long>();
        for (var r = 0; r < rows; r++)
            if (answers[(long)r * width + a - 1] is var id && id != None)
                respondents[(groupOf[unitField][r], id)] = respondents.GetValueOrDefault((groupOf[unitField][r], id)) + 1;
        var result = new Dictionary<string, short>();
        foreach (var unit in respondents.GroupBy(x => x.Key.Unit))
            if (keys[unitField][unit.Key] is { } code
                && Privacy.SheetCounts.AdministrationOf(unit.Select(x => ((short?)x.Key.Administration, x.Value))) is { } chosen)
                result[code] = chosen;
        return result;
    }

    /// <summary>
    /// A question's counts: the total (field -1), then each field's groups in the sheets' order (by key, "not given"
    /// last), each group only where it gave the question an answer.
    /// </summary>
    public List<(int Field, object? Key, Dictionary<short, long> Counts)> Of(short position)
    {
        var column = position - 1;
        var valueIndex = new Dictionary<short, int>();
        var values = new List<short>();
        var indexed = new int[_rows]; // each respondent's answer as an index into values; -1: none
        for (var r = 0; r < _rows; r++)
        {
            var v = _answers[(long)r * _width + column];
            if (v == None)
                indexed[r] = -1;
            else if (valueIndex.TryGetValue(v, out var i))
                indexed[r] = i;
            else
            {
                indexed[r] = valueIndex[v] = values.Count;
                values.Add(v);
            }
        }
        var result = new List<(int Field, object? Key, Dictionary<short, long> Counts)>();
        if (values.Count == 0)
            return result;
        var counts = new int[values.Count];
        foreach (var i in indexed)
            if (i >= 0)
                counts[i]++;
        result.Add((-1, null, Take()));
        for (var f = 0; f < _keys.Length; f++)
        {
            var (byGroup, starts) = (_byGroup[f], _starts[f]);
            for (var g = 0; g < _keys[f].Length; g++)
            {
                for (var at = starts[g]; at < starts[g + 1]; at++)
                    if (indexed[byGroup[at]] is var i and >= 0)
                        counts[i]++;
                if (Take() is { Count: > 0 } counted)
                    result.Add((f, _keys[f][g], counted));
            }
        }
        return result;

        // The counts as value -> count, nonzero only; the array is left zeroed for the next group.
        Dictionary<short, long> Take()
        {
            var counted = new Dictionary<short, long>();
            for (var i = 0; i < counts.Length; i++)
                if (counts[i] > 0)
                {
                    counted[values[i]] = counts[i];
                    counts[i] = 0;
                }
            return counted;
        }
    }
}
