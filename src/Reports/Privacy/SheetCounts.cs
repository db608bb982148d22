using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Reports.Privacy;

/// <summary>
/// The n of every row of every question sheet (real answers, "Vet ej" left out, as the sheets count them), per
/// administration, unit and background group, with each row's respondents: what the wave's protection decides
/// the sheets' rows on (<see cref="WaveProtection"/>). One pass over the wave's respondents, a count per question
/// and GROUPING SETS over (administration, unit) and each background field.
/// </summary>
internal sealed class SheetCounts
{
    /// <summary>One row: its key (answer code or administration id; null, "not given") and the n of each question.</summary>
    internal sealed record Row(short? Key, long Respondents, long[] Answered);

    /// <summary>A unit's row, with the administration most of its respondents gave (null: none).</summary>
    internal sealed record UnitRow(string? Code, short? Administration, long Respondents, long[] Answered);

    /// <summary>The questions with a sheet of their own (not background questions), in the instrument's order.</summary>
    public IReadOnlyList<string> Questions { get; }

    /// <summary>Each background field's rows (administration included), ordered by key, "not given" last.</summary>
    public IReadOnlyDictionary<Dimension, IReadOnlyList<Row>> Groups { get; }

    /// <summary>The units' rows ordered by code (length first), respondents without a unit last.</summary>
    public IReadOnlyList<UnitRow> Units { get; }

    public SheetCounts(IReadOnlyList<string> questions, IReadOnlyDictionary<Dimension, IReadOnlyList<Row>> groups, IReadOnlyList<UnitRow> units)
    {
        Questions = questions;
        Groups = groups;
        Units = units;
    }

    public int IndexOf(string question) => Questions.ToList().IndexOf(question);

    public static async Task<SheetCounts> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Instrument instrument,
        short waveId, CancellationToken ct)
    {
        var questions = Counted(instrument).Count;
        var keys = Keys;
        await using var command = new NpgsqlCommand(Sql(instrument), connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("wave", waveId);
        var units = new List<(short?, string?, long, long[])>();
        var fields = new List<(Dimension, short?, long, long[])>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var grouping = reader.GetInt32(0);
                var respondents = reader.GetInt64(keys.Count + 1);
                var answered = Enumerable.Range(0, questions).Select(i => reader.GetInt64(keys.Count + 2 + i)).ToArray();
                short? Key(int column) => reader.IsDBNull(1 + column) ? null : reader.GetInt16(1 + column);
                // grouping() sets a bit per key left out of the set, the first key in the highest bit.
                bool In(int column) => (grouping & (1 << (keys.Count - 1 - column))) == 0;
                if (In(0))
                {
                    units.Add((Key(0), reader.IsDBNull(2) ? null : reader.GetString(2), respondents, answered));
                    continue;
                }
                var field = Enumerable.Range(2, keys.Count - 2).Single(In);
                fields.Add((Fields[field - 2], Key(field), respondents, answered));
            }
        return From(instrument, units, fields);
    }

    /// <summary>The questions counted, in the instrument's order: those with a sheet of their own.</summary>
    internal static IReadOnlyList<Question> Counted(Instrument instrument) =>
        [.. instrument.Positioned.Where(q => !Dimension.IsBackground(q.Code))];

    /// <summary>The background fields other than the administration, each counted on its own.</summary>
    internal static readonly IReadOnlyList<Dimension> Fields = [.. Dimension.Background.Where(d => d != Dimension.Administration)];

    /// <summary>
    /// The counts from the rows of <see cref="Sql"/> or of a count in C# (<see cref="Goals.RespondentCounter"/>): per
    /// administration and unit, and per group of each of <see cref="Fields"/>, the respondents and each question's n.
    /// </summary>
    internal static SheetCounts From(Instrument instrument,
        IEnumerable<(short? Administration, string? Unit, long Respondents, long[] Answered)> unitRows,
        IEnumerable<(Dimension Field, short? Key, long Respondents, long[] Answered)> fieldRows)
    {
        var groups = Fields.ToDictionary(f => f, _ => new List<Row>());
        var administrations = new Dictionary<int, Row>();
        var units = new Dictionary<string, (List<(short? Administration, long Respondents)> By, long Respondents, long[] Answered)>();
        foreach (var (administration, code, respondents, answered) in unitRows)
        {
            var unit = code ?? "";
            var id = administration ?? int.MinValue;
            administrations[id] = administrations.TryGetValue(id, out var a)
                ? a with { Respondents = a.Respondents + respondents, Answered = [.. a.Answered.Zip(answered, (x, y) => x + y)] }
                : new Row(administration, respondents, answered);
            units[unit] = units.TryGetValue(unit, out var u)
                ? ([.. u.By, (administration, respondents)], u.Respondents + respondents, [.. u.Answered.Zip(answered, (x, y) => x + y)])
                : ([(administration, respondents)], respondents, answered);
        }
        foreach (var (field, key, respondents, answered) in fieldRows)
            groups[field].Add(new Row(key, respondents, answered));
        var all = new Dictionary<Dimension, IReadOnlyList<Row>> { [Dimension.Administration] = Ordered(administrations.Values) };
        foreach (var (field, rows) in groups)
            all[field] = Ordered(rows);
        return new SheetCounts([.. Counted(instrument).Select(q => q.Code)], all,
            [.. units.OrderBy(u => u.Key == "").ThenBy(u => u.Key.Length).ThenBy(u => u.Key, StringComparer.Ordinal)
                .Select(u => new UnitRow(u.Key == "" ? null : u.Key,
                    // A unit belongs to the administration most of its respondents gave (the lowest id on a tie).
                    u.Key == "" ? null : u.Value.By.Where(b => b.Administration is not null).OrderByDescending(b => b.Respondents)
                        .ThenBy(b => b.Administration).Select(b => b.Administration).FirstOrDefault(),
                    u.Value.Respondents, u.Value.Answered))]);
    }

    private static readonly IReadOnlyList<string> Keys = ["adm", "unit_code", .. Fields.Select(f => f.Column)];

    /// <summary>
    /// The counting SQL (part of the tally's definition hash: a change to it decides every wave again): the units'
    /// rows (GROUP BY administration and unit) and the background fields' rows (rolled up from the counts per
    /// combination of the five fields, a few thousand rows), in the columns of one GROUPING SETS over all of them,
    /// which costs several times more as every respondent then updates six groups' counts.
    /// </summary>
    public static string Sql(Instrument instrument)
    {
        var questions = Counted(instrument);
        var counts = string.Concat(questions.Select((q, i) => $", count(q{i}) AS a{i}"));
        var sums = string.Concat(questions.Select((q, i) => $", sum(a{i})::bigint"));
        var fields = string.Join(", ", Fields.Select(f => f.Column));
        var nulls = string.Concat(Fields.Select(f => ", NULL::smallint"));
        var respondents = $"""
            SELECT {instrument.AdministrationSql()} AS adm, unit_code,
                   {string.Join(", ", Fields.Select(f => $"{instrument.AnswerSql(instrument.Question(f.QuestionCode))} AS {f.Column}"))}
                   {string.Concat(questions.Select((q, i) => $", {instrument.AnswerExpression(q)} AS q{i}"))}
            FROM respondent WHERE wave_id = @wave
            """;
        // grouping() of all keys: a bit per key left out, the first key (adm) in the highest bit.
        return $"""
            SELECT {(1 << Fields.Count) - 1}, adm, unit_code{nulls}, count(*){counts}
            FROM ({respondents}) r
            GROUP BY adm, unit_code
            UNION ALL
            SELECT {3 << Fields.Count} | grouping({fields}), NULL::smallint, NULL::text, {fields}, sum(n)::bigint{sums}
            FROM (SELECT {fields}, count(*) AS n{counts} FROM ({respondents}) r GROUP BY {fields}) combination
            GROUP BY GROUPING SETS ({string.Join(", ", Fields.Select(f => $"({f.Column})"))})
            """;
    }

    private static List<Row> Ordered(IEnumerable<Row> rows) => [.. rows.OrderBy(r => r.Key is null).ThenBy(r => r.Key)];
}
