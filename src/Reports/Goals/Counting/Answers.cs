namespace Survey.Reports.Goals;

/// <summary>
/// One respondent's stored answers (respondent.answers) as the reports' SQL reads them
/// (<see cref="InstrumentSql.AnswerExpression"/>), for counting in C#: by position, the administration with merges
/// applied, answers that do not count as an answer ("Vet ej") none, numbers unscaled. What the conditions and
/// measures of the goals read (<see cref="Definitions.Condition.Holds"/>) when the ingest counts the rows it parsed.
/// </summary>
internal sealed class Answers
{
    private readonly Func<short, double?>?[] _read;

    public Answers(Instrument instrument)
    {
        Length = instrument.Positioned.Count == 0 ? 0 : instrument.Positioned.Max(q => q.Position!.Value);
        _read = new Func<short, double?>?[Length];
        foreach (var q in instrument.Positioned)
            _read[q.Position!.Value - 1] = Reader(instrument, q);
    }

    /// <summary>The length of an answers array this instrument reads (its highest position).</summary>
    public int Length { get; }

    /// <summary>Reads <paramref name="stored"/> into <paramref name="answers"/> (of <see cref="Length"/>); a stored array may be shorter.</summary>
    public void Read(ReadOnlySpan<short?> stored, double?[] answers)
    {
        for (var i = 0; i < Length; i++)
            answers[i] = i < stored.Length && stored[i] is { } raw && _read[i] is { } read ? read(raw) : null;
    }

    /// <summary>The answer to <paramref name="question"/> among answers read by <see cref="Read"/>.</summary>
    public static double? Of(double?[] answers, Question question) =>
        question.Position is { } p && p <= answers.Length ? answers[p - 1] : null;

    /// <summary>The same cases as <see cref="InstrumentSql.AnswerExpression"/>, in the same order.</summary>
    private static Func<short, double?> Reader(Instrument instrument, Question q)
    {
        if (q.Kind == "administration")
            return raw => instrument.Merged.TryGetValue(raw, out var into) ? into : raw;
        // One or two codes ("Vet ej"), looked through in a plain loop: a set's hashing cost more than the read.
        short[] noAnswer = [.. instrument.OptionsOf(q.Code).Where(o => !o.CountsAsAnswer).Select(o => o.Code).Distinct()];
        if (noAnswer.Length > 0)
            return raw =>
            {
                foreach (var code in noAnswer)
                    if (code == raw)
                        return null;
                return raw;
            };
        var scale = (double)q.Scale;
        return q.Scale > 1 ? raw => raw / scale : raw => raw;
    }
}
