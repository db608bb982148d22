using Dapper;
using Npgsql;

namespace Survey.Reports.Goals;

/// <summary>
/// The instrument as the reports need it: where each question sits in respondent.answers, its scale, and the
/// labels of the answer options and administrations. Loaded from the database; nothing here is hard-coded.
/// </summary>
internal sealed record Instrument(
    IReadOnlyList<InstrumentQuestion> Questions,
    IReadOnlyList<InstrumentOption> Options,
    IReadOnlyList<(short Id, string Code, string Name)> Administrations)
{
    public InstrumentQuestion Question(string code) =>
        Questions.FirstOrDefault(q => q.Code == code) ??
        throw new InvalidOperationException($"The instrument has no positioned question {code}.");

    public IEnumerable<InstrumentOption> OptionsOf(string questionCode) =>
        Options.Where(o => o.QuestionCode == questionCode);

    /// <summary>SQL for a question's answer in the array: null when it does not count as an answer, numbers unscaled.</summary>
    public string AnswerExpression(InstrumentQuestion q, string array = "answers")
    {
        var raw = $"{array}[{q.Position}]";
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
        var administrations = await connection.QueryAsync<(short, string, string)>(new CommandDefinition(
            "SELECT id, code, name FROM administration ORDER BY id", cancellationToken: ct));
        return new Instrument(questions.ToList(), options.ToList(), administrations.ToList());
    }
}

internal sealed record InstrumentQuestion(string Code, short Position, string Text, string Kind, short Scale,
    decimal? MinValue = null, decimal? MaxValue = null, decimal? Step = null)
{
    /// <summary>The column name the report queries give this question's answer.</summary>
    public string Column => Code.ToLowerInvariant();
}

internal sealed record InstrumentOption(string QuestionCode, short Code, string Label, bool CountsAsAnswer);
