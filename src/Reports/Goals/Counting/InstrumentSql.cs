namespace Survey.Reports.Goals;

/// <summary>
/// How the reports' SQL reads a respondent's answers from the instrument (<see cref="Survey.Instrument"/>): where a
/// question sits in respondent.answers, which answers are no answer, numbers unscaled, and a respondent's
/// administration with merges applied (stored answers keep the one they were given).
/// </summary>
internal static class InstrumentSql
{
    /// <summary>SQL for a respondent's administration with merges applied.</summary>
    public static string AdministrationSql(this Instrument instrument, string array = "answers") =>
        instrument.MergedSql($"{array}[{instrument.AdministrationQuestion().Position}]");

    /// <summary>A question's stored answer as the reports group it: the administration with merges applied, any other as stored.</summary>
    public static string AnswerSql(this Instrument instrument, Question q, string array = "answers") =>
        q.Kind == "administration" ? instrument.AdministrationSql(array) : $"{array}[{q.Position}]";

    /// <summary>a.value of unnest(answers) WITH ORDINALITY AS a(value, position), the administration's with merges applied.</summary>
    public static string UnnestedValueSql(this Instrument instrument) => instrument.Merged.Count == 0
        ? "a.value"
        : $"CASE WHEN a.position = {instrument.AdministrationQuestion().Position} THEN {instrument.MergedSql("a.value")} ELSE a.value END";

    /// <summary>An administration id expression (answers or headcount) with merges applied.</summary>
    public static string MergedSql(this Instrument instrument, string id) => instrument.Merged.Count == 0
        ? id
        : $"(CASE {id} {string.Join(" ", instrument.Merged.OrderBy(m => m.Key).Select(m => $"WHEN {m.Key} THEN {m.Value}"))} ELSE {id} END)";

    /// <summary>SQL for a question's answer in the array: null when it does not count as an answer, numbers unscaled.</summary>
    public static string AnswerExpression(this Instrument instrument, Question q, string array = "answers")
    {
        var raw = $"{array}[{q.Position}]";
        if (q.Kind == "administration")
            return instrument.MergedSql(raw);
        var noAnswer = instrument.OptionsOf(q.Code).Where(o => !o.CountsAsAnswer)
            .Select(o => o.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // NULLIF reads the array once where CASE reads it twice: it matters on a million rows.
        if (noAnswer.Count == 1)
            return $"NULLIF({raw}, {noAnswer[0]})";
        if (noAnswer.Count > 1)
            return $"(CASE WHEN {raw} IN ({string.Join(", ", noAnswer)}) THEN NULL ELSE {raw} END)";
        return q.Scale > 1 ? $"({raw}::float8 / {q.Scale})" : raw;
    }

    /// <summary>What <see cref="AnswerExpression"/> divides a stored answer by: the question's scale for a number, else 1.</summary>
    public static int Divisor(this Instrument instrument, Question q) =>
        q.Kind != "administration" && q.Scale > 1 && instrument.OptionsOf(q.Code).All(o => o.CountsAsAnswer) ? q.Scale : 1;

    /// <summary>The administration question (the one of kind administration, B_FORV in V16).</summary>
    private static Question AdministrationQuestion(this Instrument instrument) =>
        instrument.Positioned.FirstOrDefault(q => q.Kind == "administration")
        ?? throw new InvalidOperationException("The instrument has no positioned administration question.");
}
