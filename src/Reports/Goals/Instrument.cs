using Dapper;
using Npgsql;
using Survey.Reports.Goals.Definitions;

namespace Survey.Reports.Goals;

/// <summary>
/// The instrument as the reports need it: where each question sits in respondent.answers, its scale, the labels
/// and aliases of the answer options and administrations, and the goals defined over them. Loaded from the
/// database; nothing here is hard-coded.
/// </summary>
internal sealed record Instrument(
    IReadOnlyList<InstrumentQuestion> Questions,
    IReadOnlyList<InstrumentOption> Options,
    IReadOnlyList<(short Id, string Code, string Name)> Administrations)
{
    /// <summary>Administrations merged into another (id to the one it was merged into); Administrations lists only
    /// the others, and every query reads a respondent's administration through <see cref="AdministrationSql"/>.</summary>
    public IReadOnlyDictionary<short, short> Merged { get; init; } = new Dictionary<short, short>();

    /// <summary>SQL for a respondent's administration with merges applied (stored answers keep the one they were given).</summary>
    public string AdministrationSql(string array = "answers") =>
        MergedSql($"{array}[{Question(Goals.Dimension.Administration.QuestionCode).Position}]");

    /// <summary>A question's stored answer as the reports group it: the administration with merges applied, any other as stored.</summary>
    public string AnswerSql(InstrumentQuestion q, string array = "answers") =>
        q.Kind == "administration" ? AdministrationSql(array) : $"{array}[{q.Position}]";

    /// <summary>a.value of unnest(answers) WITH ORDINALITY AS a(value, position), the administration's with merges applied.</summary>
    public string UnnestedValueSql() => Merged.Count == 0
        ? "a.value"
        : $"CASE WHEN a.position = {Question(Goals.Dimension.Administration.QuestionCode).Position} THEN {MergedSql("a.value")} ELSE a.value END";

    /// <summary>An administration id expression (answers or headcount) with merges applied.</summary>
    public string MergedSql(string id) => Merged.Count == 0
        ? id
        : $"(CASE {id} {string.Join(" ", Merged.OrderBy(m => m.Key).Select(m => $"WHEN {m.Key} THEN {m.Value}"))} ELSE {id} END)";

    /// <summary>Other spellings of options (answer_alias), as the goal definitions may name them.</summary>
    public IReadOnlyList<(string QuestionCode, string Alias, short Code)> Aliases { get; init; } = [];

    /// <summary>Every goal's definition (retired ones too, so their history can still be counted), in goal order.</summary>
    public IReadOnlyList<GoalDefinition> DefinedGoals { get; init; } = [];

    public InstrumentQuestion Question(string code) =>
        Questions.FirstOrDefault(q => q.Code == code) ??
        throw new InvalidOperationException($"The instrument has no positioned question {code}.");

    public IEnumerable<InstrumentOption> OptionsOf(string questionCode) =>
        Options.Where(o => o.QuestionCode == questionCode);

    /// <summary>SQL for a question's answer in the array: null when it does not count as an answer, numbers unscaled.</summary>
    public string AnswerExpression(InstrumentQuestion q, string array = "answers")
    {
        var raw = $"{array}[{q.Position}]";
        if (q.Kind == "administration")
            return MergedSql(raw);
        var noAnswer = OptionsOf(q.Code).Where(o => !o.CountsAsAnswer).Select(o => o.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // NULLIF reads the array once where CASE reads it twice: it matters on a million rows.
        if (noAnswer.Count == 1)
            return $"NULLIF({raw}, {noAnswer[0]})";
        if (noAnswer.Count > 1)
            return $"(CASE WHEN {raw} IN ({string.Join(", ", noAnswer)}) THEN NULL ELSE {raw} END)";
        return q.Scale > 1 ? $"({raw}::float8 / {q.Scale})" : raw;
    }

    public static async Task<Instrument> LoadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var questions = await connection.QueryAsync<InstrumentQuestion>(new CommandDefinition("""
            SELECT code, position, text, kind, scale, min_value AS MinValue, max_value AS MaxValue, step FROM question WHERE position IS NOT NULL ORDER BY sort
            """, cancellationToken: ct));
        var options = await connection.QueryAsync<InstrumentOption>(new CommandDefinition("""
            SELECT question_code AS QuestionCode, code, label, counts_as_answer AS CountsAsAnswer
            FROM answer_option ORDER BY question_code, code
            """, cancellationToken: ct));
        var aliases = await connection.QueryAsync<(string, string, short)>(new CommandDefinition(
            "SELECT question_code, alias, code FROM answer_alias ORDER BY question_code, alias", cancellationToken: ct));
        var administrations = await connection.QueryAsync<(short, string, string)>(new CommandDefinition(
            "SELECT id, code, name FROM administration WHERE merged_into IS NULL ORDER BY id", cancellationToken: ct));
        var merged = await connection.QueryAsync<(short, short)>(new CommandDefinition(
            "SELECT id, merged_into FROM administration WHERE merged_into IS NOT NULL", cancellationToken: ct));
        return new Instrument(questions.ToList(), options.ToList(), administrations.ToList())
        {
            Merged = merged.ToDictionary(m => m.Item1, m => m.Item2),
            Aliases = aliases.ToList(),
            DefinedGoals = await GoalDefinitions.LoadAsync(connection, ct),
        };
    }
}

internal sealed record InstrumentQuestion(string Code, short Position, string Text, string Kind, short Scale,
    decimal? MinValue = null, decimal? MaxValue = null, decimal? Step = null)
{
    /// <summary>The column name the report queries give this question's answer.</summary>
    public string Column => Code.ToLowerInvariant();
}

internal sealed record InstrumentOption(string QuestionCode, short Code, string Label, bool CountsAsAnswer);
