using System.Globalization;
using Dapper;
using Npgsql;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Catalogue;

/// <summary>One question as the instrument file (and `survey instrument show`) writes it.</summary>
internal sealed record QuestionRow(string Code, string Text, string Kind, decimal? Min, decimal? Max, decimal? Step,
    IReadOnlyList<(short Code, string Label, bool CountsAsAnswer)> Options, IReadOnlyList<string> HeaderAliases,
    IReadOnlyList<(string Alias, short Code)> ValueAliases);

/// <summary>
/// The instrument as administrators change it: a CSV or XLSX file, one question per row (code, text, kind, min, max,
/// step, options "1=Ja|2=Nej", no-answer codes "9", header aliases "a|b", value aliases "k=1|kvinnor=1"). A new
/// question gets the next position in the answers and is asked by waves created after it; a changed text or
/// label keeps its code, and the former label stays a value alias, so stored answers and old files mean the same.
/// A file that would change what stored answers mean is refused whole, naming the line and why: an option code given
/// a label another option of the question has, a kind or number scale changed once the question has answers.
/// Nothing is deleted: a question is left out of later waves by their question sets.
/// </summary>
internal static class InstrumentFile
{
    public static readonly string[] Kinds = ["administration", "unit", "choice", "likert", "number", "text"];

    private static readonly string[][] Columns =
    [
        ["code", "kod"], ["text", "frågetext"], ["kind", "typ"], ["min"], ["max"], ["step", "steg"],
        ["options", "alternativ"], ["no_answer", "ej_svar"], ["header_aliases", "rubrikalias"], ["value_aliases", "svarsalias"],
    ];

    public static async Task<IReadOnlyList<QuestionRow>> ShowAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var instrument = await Instrument.LoadAsync(connection, ct);
        var headers = instrument.HeaderAliases.ToLookup(a => a.QuestionCode);
        // By option code; for one code in the order read (by alias): OrderBy is stable.
        var values = instrument.Aliases.OrderBy(a => a.Code).ToLookup(a => a.QuestionCode);
        return instrument.Questions
            .Select(q => new QuestionRow(q.Code, q.Text, q.Kind, q.MinValue, q.MaxValue, q.Step,
                [.. instrument.OptionsOf(q.Code).Select(o => (o.Code, o.Label, o.CountsAsAnswer))], [.. headers[q.Code].Select(h => h.Alias)],
                [.. values[q.Code].Select(v => (v.Alias, v.Code))]))
            .ToList();
    }

    /// <summary>The instrument in the file's own format (semicolon CSV), so it can be edited and imported again.</summary>
    public static string ToCsv(IReadOnlyList<QuestionRow> questions)
    {
        static string Field(string value) => value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
        static string Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";
        var lines = new List<string> { string.Join(';', Columns.Select(c => c[0])) };
        lines.AddRange(questions.Select(q => string.Join(';', new[]
        {
            q.Code, q.Text, q.Kind, Number(q.Min), Number(q.Max), Number(q.Step),
            string.Join('|', q.Options.Select(o => $"{o.Code}={o.Label}")),
            string.Join('|', q.Options.Where(o => !o.CountsAsAnswer).Select(o => o.Code)),
            string.Join('|', q.HeaderAliases), string.Join('|', q.ValueAliases.Select(v => $"{v.Alias}={v.Code}")),
        }.Select(Field))));
        return string.Join('\n', lines) + "\n";
    }

    public sealed record ImportResult(IReadOnlyList<string> Added, IReadOnlyList<string> Changed)
    {
        /// <summary>What the import did, in the words the CLI and the page both use.</summary>
        public IReadOnlyList<string> Lines =>
        [
            $"Nya frågor: {(Added.Count == 0 ? "inga" : string.Join(", ", Added))}",
            $"Ändrade frågor: {(Changed.Count == 0 ? "inga" : string.Join(", ", Changed))}",
            .. Added.Count == 0 ? Array.Empty<string>()
                : ["Nya frågor ställs i mätningar som skapas från och med nu, eller läggs till i en mätning som ännu inte har svar (ändra dess frågor)."],
        ];
    }

    public static async Task<ImportResult> ImportAsync(NpgsqlDataSource db, Stream file, CancellationToken ct)
    {
        var rows = Read(file);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("LOCK TABLE question IN EXCLUSIVE MODE", cancellationToken: ct));
        var current = (await ShowAsync(connection, ct)).ToDictionary(q => q.Code, StringComparer.OrdinalIgnoreCase);
        var (added, changed) = (new List<string>(), new List<string>());
        foreach (var (line, row) in rows)
        {
            string Refuse(string why) => $"Rad {line} ({row.Code}): {why} Ingenting ändrades.";
            var existing = current.GetValueOrDefault(row.Code);
            var answered = existing is not null && await HasAnswersAsync(connection, existing.Code, ct);
            if (existing is not null && existing.Kind != row.Kind && answered)
                throw new UserError(Refuse($"typen kan inte ändras från {existing.Kind} till {row.Kind}: frågan har redan svar."));
            if (existing is not null && answered && Scale(existing.Step) != Scale(row.Step))
                throw new UserError(Refuse("steget ändrar hur lagrade svar räknas om: frågan har redan svar."));
            foreach (var option in row.Options)
            {
                var other = existing?.Options.FirstOrDefault(o => o.Code != option.Code && Normalise.Label(o.Label) == Normalise.Label(option.Label));
                if (other is { Label: not null } taken)
                    throw new UserError(Refuse($"svarskoden {option.Code} får etiketten \"{option.Label}\", som redan är kod {taken.Code}: " +
                                               "det skulle ändra vad lagrade svar betyder."));
                var alias = existing?.ValueAliases.FirstOrDefault(v => v.Code != option.Code && v.Alias == Normalise.Label(option.Label));
                if (alias is { Alias: not null } known)
                    throw new UserError(Refuse($"svarskoden {option.Code} får etiketten \"{option.Label}\", som redan betyder kod {known.Code}: " +
                                               "det skulle ändra vad lagrade svar betyder."));
            }
            if (existing is null && row.Kind is "administration" or "unit")
                throw new UserError(Refuse($"instrumentet har redan en fråga av typen {row.Kind}."));
            if (existing is null)
            {
                await AddAsync(connection, row, ct);
                added.Add(row.Code);
            }
            else if (await UpdateAsync(connection, existing, row, ct))
                changed.Add(existing.Code);
        }
        await transaction.CommitAsync(ct);
        return new ImportResult(added, changed);
    }

    private static short Scale(decimal? step) =>
        step is { } s and > 0 ? (short)Enumerable.Range(1, 100).First(k => s * k == decimal.Truncate(s * k)) : (short)1;

    private static Task<bool> HasAnswersAsync(NpgsqlConnection connection, string code, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT CASE WHEN q.position IS NULL THEN EXISTS (SELECT 1 FROM respondent r WHERE r.free_text ? q.code)
                        ELSE EXISTS (SELECT 1 FROM respondent r WHERE r.answers[q.position] IS NOT NULL) END
            FROM question q WHERE q.code = @code
            """, new { code }, cancellationToken: ct, commandTimeout: 0));

    private static async Task AddAsync(NpgsqlConnection connection, QuestionRow row, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO question (code, position, text, kind, min_value, max_value, step, scale, sort)
            SELECT @Code, CASE WHEN @Kind IN ('text', 'unit') THEN NULL ELSE coalesce(max(position), 0) + 1 END, @Text, @Kind,
                   @Min, @Max, @Step, @scale, coalesce(max(sort), 0) + 1
            FROM question
            """, new { row.Code, row.Kind, row.Text, row.Min, row.Max, row.Step, scale = Scale(row.Step) }, cancellationToken: ct));
        await UpdateAsync(connection, row with { Options = [] }, row, ct);
    }

    /// <summary>Applies the row's text, range, options and aliases; returns whether anything changed.</summary>
    private static async Task<bool> UpdateAsync(NpgsqlConnection connection, QuestionRow existing, QuestionRow row, CancellationToken ct)
    {
        var changes = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE question SET text = @Text, kind = @Kind, min_value = @Min, max_value = @Max, step = @Step, scale = @scale
            WHERE code = @code AND (text, kind, min_value, max_value, step) IS DISTINCT FROM (@Text, @Kind, @Min, @Max, @Step)
            """, new { code = existing.Code, row.Text, row.Kind, row.Min, row.Max, row.Step, scale = Scale(row.Step) }, cancellationToken: ct));
        foreach (var (code, label, counts) in row.Options)
        {
            var before = existing.Options.FirstOrDefault(o => o.Code == code);
            changes += await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO answer_option (question_code, code, label, counts_as_answer) VALUES (@question, @code, @label, @counts)
                ON CONFLICT (question_code, code) DO UPDATE SET label = excluded.label, counts_as_answer = excluded.counts_as_answer
                WHERE (answer_option.label, answer_option.counts_as_answer) IS DISTINCT FROM (excluded.label, excluded.counts_as_answer)
                """, new { question = existing.Code, code, label, counts }, cancellationToken: ct));
            // A reworded label keeps its code; old files that write the former label still mean that code.
            if (before.Label is { } former && former != label)
                await AliasAsync(connection, existing.Code, former, code, ct);
        }
        foreach (var (alias, code) in row.ValueAliases)
            changes += await AliasAsync(connection, existing.Code, alias, code, ct);
        foreach (var alias in row.HeaderAliases)
            changes += await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO question_alias (alias, question_code) VALUES (@alias, @question) ON CONFLICT (alias) DO NOTHING
                """, new { alias = Normalise.Label(alias), question = existing.Code }, cancellationToken: ct));
        return changes > 0;
    }

    private static Task<int> AliasAsync(NpgsqlConnection connection, string question, string alias, short code, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO answer_alias (question_code, alias, code) VALUES (@question, @alias, @code) ON CONFLICT DO NOTHING
            """, new { question, alias = Normalise.Label(alias), code }, cancellationToken: ct));

    /// <summary>The file's rows, validated one by one (Swedish messages naming line and column).</summary>
    private static List<(long Line, QuestionRow Row)> Read(Stream file)
    {
        using var content = new ContentStream(file, long.MaxValue, null);
        using var source = TableSource.Open(content);
        var reader = source.Reader;
        int[]? map = null;
        var rows = new List<(long, QuestionRow)>();
        while (reader.Read())
        {
            if (reader.IsBlank())
                continue;
            var fields = reader.Fields();
            if (map is null)
            {
                map = Columns.Select(names => Array.FindIndex(fields, f => names.Contains(Normalise.Header(f)))).ToArray();
                if (map[0] < 0 || map[1] < 0 || map[2] < 0)
                    throw new UserError("Instrumentfilen behöver kolumnerna code (kod), text och kind (typ); se survey instrument show --csv.");
                continue;
            }
            rows.Add((reader.Line, Row(reader.Line, i => map[i] >= 0 && map[i] < fields.Length ? fields[map[i]].Trim() : "")));
        }
        if (rows.Count == 0)
            throw new UserError("Instrumentfilen har inga frågor under rubrikraden.");
        var repeated = rows.GroupBy(r => r.Item2.Code, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new UserError($"Frågan {repeated.Key} finns på flera rader ({string.Join(", ", repeated.Select(r => r.Item1))}).");
        return rows;
    }

    private static QuestionRow Row(long line, Func<int, string> field)
    {
        string Problem(string column, string why) => $"Rad {line}, kolumn {column}: {why}";
        var code = field(0).ToUpperInvariant();
        if (!System.Text.RegularExpressions.Regex.IsMatch(code, "^[A-Z][A-Z0-9_]{0,39}$"))
            throw new UserError(Problem("code", $"ogiltig kod \"{field(0)}\": stora bokstäver, siffror och understreck, börjar med en bokstav."));
        if (field(1).Length == 0)
            throw new UserError(Problem("text", "frågetexten saknas."));
        var kind = field(2).ToLowerInvariant();
        if (!Kinds.Contains(kind))
            throw new UserError(Problem("kind", $"okänd typ \"{field(2)}\": ska vara en av {string.Join(", ", Kinds)}."));
        decimal? Number(int i, string column) =>
            field(i).Length == 0 ? null
            : decimal.TryParse(field(i).Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n
            : throw new UserError(Problem(column, $"\"{field(i)}\" är inget tal."));
        var (min, max, step) = (Number(3, "min"), Number(4, "max"), Number(5, "step"));
        if (kind is "number" or "likert" && (min is null || max is null || min > max))
            throw new UserError(Problem("min/max", $"en fråga av typen {kind} behöver min och max, min högst max."));
        var noAnswer = field(7).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var options = new List<(short, string, bool)>();
        foreach (var part in field(6).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !short.TryParse(kv[0], NumberStyles.None, CultureInfo.InvariantCulture, out var optionCode) || kv[1].Length == 0)
                throw new UserError(Problem("options", $"\"{part}\" ska skrivas kod=etikett, t.ex. 1=Ja."));
            options.Add((optionCode, kv[1], !noAnswer.Contains(kv[0])));
        }
        if (kind is "choice" && options.Count == 0)
            throw new UserError(Problem("options", "en flervalsfråga behöver svarsalternativ, t.ex. 1=Ja|2=Nej."));
        if (options.GroupBy(o => o.Item1).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new UserError(Problem("options", $"svarskoden {twice.Key} finns två gånger."));
        if (options.GroupBy(o => Normalise.Label(o.Item2)).FirstOrDefault(g => g.Count() > 1) is { } same)
            throw new UserError(Problem("options", $"etiketten \"{same.First().Item2}\" finns två gånger."));
        var values = new List<(string, short)>();
        foreach (var part in field(9).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !short.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var target)
                || !options.Any(o => o.Item1 == target))
                throw new UserError(Problem("value_aliases", $"\"{part}\" ska skrivas alias=kod för ett av frågans svarsalternativ."));
            values.Add((kv[0], target));
        }
        return new QuestionRow(code, field(1), kind, min, max, step, options,
            field(8).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), values);
    }
}
