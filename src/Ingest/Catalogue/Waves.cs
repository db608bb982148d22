using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Survey.Ingest.Catalogue;

/// <summary>What an administrator typed for a wave (CLI options or form fields); null leaves a field as it is on edit.</summary>
internal sealed record WaveInput(string? Code = null, string? Name = null, string? From = null, string? To = null,
    string? ReferenceDate = null, string? Questions = null);

/// <summary>A mistake in a wave's fields, in Swedish, with the field it belongs to (code, name, from, to,
/// referenceDate, questions).</summary>
internal sealed record FieldProblem(string Field, string Message);

internal sealed record WaveRow(short Id, string Code, string Name, DateOnly StartsOn, DateOnly EndsOn, DateOnly ReferenceDate,
    int Questions, int InstrumentQuestions, long Respondents, long Employees, bool Pulse)
{
    /// <summary>A wave that asks fewer questions than the instrument has (a pulse, or a wave before a question was added).</summary>
    public bool Subset => Questions < InstrumentQuestions;

    /// <summary>How the waves list says how many questions it asks and, for a pulse (db/0202), that it is one: a pulse
    /// compares its goals with the latest wave, a yearly wave with the previous yearly wave.</summary>
    public string QuestionsText => QuestionCount + (Pulse ? " (puls)" : "");

    public string QuestionCount => Subset ? $"{Questions} av {InstrumentQuestions}" : "alla";
}

/// <summary>Thrown when a wave's fields do not validate; the CLI prints the messages, the page shows them by field.</summary>
internal sealed class WaveRejected(IReadOnlyList<FieldProblem> problems)
    : UserError(string.Join(" ", problems.Select(p => p.Message)))
{
    public IReadOnlyList<FieldProblem> Problems { get; } = problems;
}

/// <summary>
/// Survey waves as administrators manage them: add, edit, list, and remove while empty. A wave asks the whole
/// instrument unless given a subset of question codes (a pulse); the administration and unit questions are always
/// asked, since every row needs them. The question set cannot change once the wave has answers, so what a stored
/// answer means never moves.
/// </summary>
internal static partial class Waves
{
    public const int MaxCode = 20, MaxName = 100;

    public static async Task<IReadOnlyList<WaveRow>> ListAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<WaveRow>(new CommandDefinition("""
            SELECT w.id, w.code, w.name, w.starts_on AS StartsOn, w.ends_on AS EndsOn, w.reference_date AS ReferenceDate,
                   (SELECT count(*)::int FROM wave_question q WHERE q.wave_id = w.id) AS Questions,
                   (SELECT count(*)::int FROM question) AS InstrumentQuestions,
                   (SELECT count(*) FROM respondent r WHERE r.wave_id = w.id) AS Respondents,
                   (SELECT coalesce(sum(employees), 0)::bigint FROM headcount h WHERE h.wave_id = w.id) AS Employees,
                   w.pulse AS Pulse
            FROM wave w ORDER BY w.starts_on, w.code
            """, cancellationToken: ct))).ToList();

    public static async Task<IReadOnlyList<string>> QuestionsAsync(NpgsqlConnection connection, string code, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT q.code FROM wave_question wq JOIN wave w ON w.id = wq.wave_id JOIN question q ON q.code = wq.question_code
            WHERE w.code = @code ORDER BY q.sort
            """, new { code }, cancellationToken: ct))).ToList();

    public static async Task<WaveRow> AddAsync(NpgsqlDataSource db, WaveInput input, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var problems = new List<FieldProblem>();
        var code = input.Code?.Trim() ?? "";
        if (code.Length == 0)
            problems.Add(new("code", "Ange en kod för mätningen, t.ex. V16-2022."));
        else if (code.Length > MaxCode || !CodePattern().IsMatch(code))
            problems.Add(new("code", $"Ogiltig kod \"{code}\": använd bokstäver, siffror, bindestreck, punkt eller understreck, högst {MaxCode} tecken."));
        else if (await WaveIdAsync(connection, code, ct) is not null)
            problems.Add(new("code", $"Mätningen {code} finns redan."));
        var fields = await FieldsAsync(connection, input, null, problems, ct);
        if (problems.Count > 0)
            throw new WaveRejected(problems);
        var id = await connection.QuerySingleAsync<short>(new CommandDefinition("""
            INSERT INTO wave (code, name, starts_on, ends_on, reference_date) VALUES (@code, @Name, @From, @To, @Reference)
            RETURNING id
            """, new { code, fields.Name, fields.From, fields.To, fields.Reference }, cancellationToken: ct));
        if (fields.Questions is { } questions)
            await SetQuestionsAsync(connection, id, questions, ct);
        await transaction.CommitAsync(ct);
        return (await ListAsync(connection, ct)).Single(w => w.Id == id);
    }

    public static async Task<WaveRow> EditAsync(NpgsqlDataSource db, string code, WaveInput input, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await RowAsync(connection, code, ct);
        var problems = new List<FieldProblem>();
        var fields = await FieldsAsync(connection, input, current, problems, ct);
        if (fields.Questions is not null && current.Respondents > 0)
            problems.Add(new("questions", $"Frågorna i {current.Code} kan inte ändras: mätningen har redan {current.Respondents} svar."));
        if (problems.Count > 0)
            throw new WaveRejected(problems);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE wave SET name = @Name, starts_on = @From, ends_on = @To, reference_date = @Reference WHERE id = @id
            """, new { id = current.Id, fields.Name, fields.From, fields.To, fields.Reference }, cancellationToken: ct));
        if (fields.Questions is { } questions)
            await SetQuestionsAsync(connection, current.Id, questions, ct);
        await transaction.CommitAsync(ct);
        return (await ListAsync(connection, ct)).Single(w => w.Id == current.Id);
    }

    /// <summary>Removes a wave that has neither answers nor headcount; its rejected uploads stay in the log without it.</summary>
    public static async Task RemoveAsync(NpgsqlDataSource db, string code, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var wave = await RowAsync(connection, code, ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT 1 FROM wave WHERE id = @Id FOR UPDATE", wave, cancellationToken: ct));
        if (wave.Respondents > 0 || wave.Employees > 0
            || await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM headcount WHERE wave_id = @Id)", wave, cancellationToken: ct)))
            throw new UserError($"Mätningen {wave.Code} har svar eller personalunderlag och kan inte tas bort.");
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE upload SET wave_id = NULL WHERE wave_id = @Id;
            DELETE FROM goal_tally WHERE wave_id = @Id;
            DELETE FROM goal_tally_state WHERE wave_id = @Id;
            DELETE FROM wave WHERE id = @Id;
            """, wave, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    private static async Task<WaveRow> RowAsync(NpgsqlConnection connection, string code, CancellationToken ct) =>
        (await ListAsync(connection, ct)).FirstOrDefault(w => w.Code == code.Trim())
        ?? throw new UserError(await UnknownAsync(connection, code, ct));

    public static async Task<string> UnknownAsync(NpgsqlConnection connection, string? code, CancellationToken ct)
    {
        var waves = await connection.QueryAsync<string>(new CommandDefinition("SELECT code FROM wave ORDER BY starts_on", cancellationToken: ct));
        return $"Okänd mätning: {code}. Mätningar som finns: {string.Join(", ", waves)}.";
    }

    private static Task<short?> WaveIdAsync(NpgsqlConnection connection, string code, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<short?>(new CommandDefinition("SELECT id FROM wave WHERE code = @code", new { code }, cancellationToken: ct));

    private sealed record Fields(string Name, DateOnly From, DateOnly To, DateOnly Reference, IReadOnlyList<string>? Questions);

    /// <summary>The validated fields, from the input or, on edit, the wave as it is; problems are added by field.</summary>
    private static async Task<Fields> FieldsAsync(NpgsqlConnection connection, WaveInput input, WaveRow? current,
        List<FieldProblem> problems, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? current?.Name ?? "";
        if (name.Length == 0)
            problems.Add(new("name", "Ange ett namn för mätningen, t.ex. \"V16 2022\"."));
        else if (name.Length > MaxName)
            problems.Add(new("name", $"Namnet är för långt (högst {MaxName} tecken)."));
        var from = Date(input.From, current?.StartsOn, "from", "startdatum", problems);
        var to = Date(input.To, current?.EndsOn, "to", "slutdatum", problems);
        var reference = Date(input.ReferenceDate, current?.ReferenceDate ?? from, "referenceDate", "referensdatum", problems, required: false);
        if (from is { } f && to is { } t && t < f)
            problems.Add(new("to", $"Slutdatum {t:yyyy-MM-dd} är före startdatum {f:yyyy-MM-dd}."));
        var questions = input.Questions is null ? null : await QuestionSetAsync(connection, input.Questions, problems, ct);
        return new Fields(name, from ?? default, to ?? default, reference ?? from ?? default, questions);
    }

    private static DateOnly? Date(string? text, DateOnly? current, string field, string what, List<FieldProblem> problems,
        bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (current is null && required)
                problems.Add(new(field, $"Ange {what} som ÅÅÅÅ-MM-DD."));
            return current;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        problems.Add(new(field, $"Ogiltigt {what} \"{text.Trim()}\": ange ÅÅÅÅ-MM-DD, t.ex. 2022-04-18."));
        return null;
    }

    /// <summary>"all" (or "alla", or empty) for the whole instrument, else question codes separated by commas or spaces.
    /// The administration and unit questions are always in the set.</summary>
    private static async Task<IReadOnlyList<string>?> QuestionSetAsync(NpgsqlConnection connection, string text,
        List<FieldProblem> problems, CancellationToken ct)
    {
        var words = text.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var questions = (await connection.QueryAsync<(string Code, string Kind)>(new CommandDefinition(
            "SELECT code, kind FROM question ORDER BY sort", cancellationToken: ct))).ToList();
        if (words.Length == 0 || words is [var only] && only.ToLowerInvariant() is "all" or "alla")
            return questions.Select(q => q.Code).ToList();
        var byCode = questions.ToDictionary(q => q.Code, StringComparer.OrdinalIgnoreCase);
        var unknown = words.Where(w => !byCode.ContainsKey(w)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add(new("questions", $"Okänd fråga: {string.Join(", ", unknown)}. Ange frågekoder ur instrumentet " +
                                          "(se survey instrument show) eller \"all\"."));
            return null;
        }
        return questions.Where(q => q.Kind is "administration" or "unit" || words.Contains(q.Code, StringComparer.OrdinalIgnoreCase))
            .Select(q => q.Code).ToList();
    }

    private static Task SetQuestionsAsync(NpgsqlConnection connection, short waveId, IReadOnlyList<string> codes, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM wave_question WHERE wave_id = @waveId;
            INSERT INTO wave_question (wave_id, question_code) SELECT @waveId, unnest(@codes);
            """, new { waveId, codes = codes.ToArray() }, cancellationToken: ct));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex CodePattern();
}
