using Npgsql;
using Survey.Ingest.Uploads;
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

    /// <summary>One row as counted: a unit's (with the administration its respondents gave) or a background group's.</summary>
    internal sealed record Counted(string Field, short? Key, string? Unit, long Respondents, long[] Answered);

    /// <summary>The rows these counts were made from, which add up (an upload's change) and are kept (sheet_tally).</summary>
    public IReadOnlyList<Counted> Rows { get; }

    private SheetCounts(IReadOnlyList<string> questions, IReadOnlyDictionary<Dimension, IReadOnlyList<Row>> groups, IReadOnlyList<UnitRow> units,
        IReadOnlyList<Counted> rows)
    {
        Questions = questions;
        Groups = groups;
        Units = units;
        Rows = rows;
    }

    public int IndexOf(string question) => Questions.ToList().IndexOf(question);

    /// <summary>The field of a unit's row (the others are a dimension's key).</summary>
    private const string UnitField = "unit";

    /// <summary>
    /// Counts the wave's respondents, or (<paramref name="from"/>, as in <see cref="Sql"/>) other rows with
    /// respondent's unit_code and answers: an upload's (@upload), or the rows it replaced.
    /// </summary>
    public static async Task<SheetCounts> CountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Instrument instrument,
        short waveId, CancellationToken ct, string? from = null, long? uploadId = null)
    {
        var questions = QuestionsOf(instrument).Count;
        var keys = Keys;
        await using var command = new NpgsqlCommand(Sql(instrument, from), connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("wave", waveId);
        if (uploadId is { } upload)
            command.Parameters.AddWithValue("upload", upload);
        var rows = new List<Counted>();
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
                    rows.Add(new Counted(UnitField, Key(0), reader.IsDBNull(2) ? null : reader.GetString(2), respondents, answered));
                    continue;
                }
                var field = Enumerable.Range(2, keys.Count - 2).Single(In);
                rows.Add(new Counted(Fields[field - 2].Key, Key(field), null, respondents, answered));
            }
        return From(instrument, rows);
    }

    /// <summary>The questions counted, in the instrument's order: those with a sheet of their own.</summary>
    internal static IReadOnlyList<Question> QuestionsOf(Instrument instrument) =>
        [.. instrument.Positioned.Where(q => !Dimension.IsBackground(q.Code))];

    /// <summary>The sum of counts, each added (sign 1) or taken away (-1): the kept counts with an upload's change.</summary>
    public static SheetCounts Sum(Instrument instrument, params (SheetCounts Counts, int Sign)[] parts)
    {
        var rows = new Dictionary<(string, short?, string?), Counted>();
        foreach (var (counts, sign) in parts)
            foreach (var r in counts.Rows)
            {
                var key = (r.Field, r.Key, r.Unit);
                rows[key] = rows.TryGetValue(key, out var sum)
                    ? sum with { Respondents = sum.Respondents + sign * r.Respondents, Answered = [.. sum.Answered.Zip(r.Answered, (x, y) => x + sign * y)] }
                    : r with { Respondents = sign * r.Respondents, Answered = [.. r.Answered.Select(a => sign * a)] };
            }
        // A group whose last respondent left (a re-upload moved them) is no row, as a count would not list it.
        return From(instrument, [.. rows.Values.Where(r => r.Respondents != 0)]);
    }

    /// <summary>The wave's kept counts (db/0602), null when none are kept.</summary>
    public static async Task<SheetCounts?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Instrument instrument,
        short waveId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT field, group_key, unit_code, respondents, answered FROM sheet_tally WHERE wave_id = @wave", connection, transaction);
        command.Parameters.AddWithValue("wave", waveId);
        var rows = new List<Counted>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add(new Counted(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt16(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetInt64(3), reader.GetFieldValue<long[]>(4)));
        return rows.Count == 0 ? null : From(instrument, rows);
    }

    /// <summary>Replaces the wave's kept counts by these (in the goal tally's transaction).</summary>
    public async Task StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, short waveId, CancellationToken ct)
    {
        await using (var delete = new NpgsqlCommand("DELETE FROM sheet_tally WHERE wave_id = @wave", connection, transaction))
        {
            delete.Parameters.AddWithValue("wave", waveId);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await using var copy = await CopyRows.BeginAsync(connection,
            "COPY sheet_tally (wave_id, field, group_key, unit_code, respondents, answered) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in Rows)
        {
            copy.StartRow(6);
            copy.Smallint(waveId);
            copy.Text(r.Field);
            if (r.Key is { } key) copy.Smallint(key); else copy.Null();
            if (r.Unit is { } unit) copy.Text(unit); else copy.Null();
            copy.Bigint(r.Respondents);
            copy.Bigints(r.Answered);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>The background fields other than the administration, each counted on its own.</summary>
    internal static readonly IReadOnlyList<Dimension> Fields = [.. Dimension.Background.Where(d => d != Dimension.Administration)];

    /// <summary>
    /// The counts from the rows of <see cref="Sql"/> or of a count in C# (<see cref="Goals.RespondentCounter"/>): per
    /// administration and unit, and per group of each of <see cref="Fields"/>, the respondents and each question's n.
    /// </summary>
    internal static SheetCounts From(Instrument instrument, IReadOnlyList<Counted> counted)
    {
        var groups = Fields.ToDictionary(f => f.Key, _ => new List<Row>());
        var administrations = new Dictionary<int, Row>();
        var units = new Dictionary<string, (List<(short? Administration, long Respondents)> By, long Respondents, long[] Answered)>();
        foreach (var (field, key, code, respondents, answered) in counted)
        {
            if (field != UnitField)
            {
                groups[field].Add(new Row(key, respondents, answered));
                continue;
            }
            var unit = code ?? "";
            var id = key ?? int.MinValue;
            administrations[id] = administrations.TryGetValue(id, out var a)
                ? a with { Respondents = a.Respondents + respondents, Answered = [.. a.Answered.Zip(answered, (x, y) => x + y)] }
                : new Row(key, respondents, answered);
            units[unit] = units.TryGetValue(unit, out var u)
                ? ([.. u.By, (key, respondents)], u.Respondents + respondents, [.. u.Answered.Zip(answered, (x, y) => x + y)])
                : ([(key, respondents)], respondents, answered);
        }
        var all = new Dictionary<Dimension, IReadOnlyList<Row>> { [Dimension.Administration] = Ordered(administrations.Values) };
        foreach (var field in Fields)
            all[field] = Ordered(groups[field.Key]);
        return new SheetCounts([.. QuestionsOf(instrument).Select(q => q.Code)], all,
            [.. units.OrderBy(u => u.Key == "").ThenBy(u => u.Key.Length).ThenBy(u => u.Key, StringComparer.Ordinal)
                .Select(u => new UnitRow(u.Key == "" ? null : u.Key,
                    u.Key == "" ? null : AdministrationOf(u.Value.By),
                    u.Value.Respondents, u.Value.Answered))],
            counted);
    }

    /// <summary>A unit's administration: the one most of its respondents gave (the lowest id on a tie); null when none gave one.</summary>
    internal static short? AdministrationOf(IEnumerable<(short? Administration, long Respondents)> by) =>
        by.Where(b => b.Administration is not null).OrderByDescending(b => b.Respondents).ThenBy(b => b.Administration)
            .Select(b => b.Administration).FirstOrDefault();

    /// <summary>A unit's row as counted: its administration (merges applied), its code (null: none), respondents and n per question.</summary>
    internal static Counted UnitCount(short? administration, string? unit, long respondents, long[] answered) =>
        new(UnitField, administration, unit, respondents, answered);

    /// <summary>A background group's row as counted.</summary>
    internal static Counted GroupCount(Dimension field, short? key, long respondents, long[] answered) =>
        new(field.Key, key, null, respondents, answered);

    private static readonly IReadOnlyList<string> Keys = ["adm", "unit_code", .. Fields.Select(f => f.Column)];

    /// <summary>
    /// The counting SQL (part of the tally's definition hash: a change to it decides every wave again): the units'
    /// rows (GROUP BY administration and unit) and the background fields' rows (rolled up from the counts per
    /// combination of the five fields, a few thousand rows), in the columns of one GROUPING SETS over all of them,
    /// which costs several times more as every respondent then updates six groups' counts.
    /// </summary>
    public static string Sql(Instrument instrument, string? from = null)
    {
        var questions = QuestionsOf(instrument);
        var counts = string.Concat(questions.Select((q, i) => $", count(q{i}) AS a{i}"));
        var sums = string.Concat(questions.Select((q, i) => $", sum(a{i})::bigint"));
        var fields = string.Join(", ", Fields.Select(f => f.Column));
        var nulls = string.Concat(Fields.Select(f => ", NULL::smallint"));
        var respondents = $"""
            SELECT {instrument.AdministrationSql()} AS adm, unit_code,
                   {string.Join(", ", Fields.Select(f => $"{instrument.AnswerSql(instrument.Question(f.QuestionCode))} AS {f.Column}"))}
                   {string.Concat(questions.Select((q, i) => $", {instrument.AnswerExpression(q)} AS q{i}"))}
            FROM {from ?? "respondent WHERE wave_id = @wave"}
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
