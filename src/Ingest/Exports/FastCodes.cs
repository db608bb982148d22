namespace Survey.Ingest.Exports;

/// <summary>
/// The valid whole-number answers of one question, checked without text: option codes (1-6, 9, 2380...) or, for
/// number questions with whole bounds, the range and step. Most cells of a coded export take this path; anything
/// else (labels, decimals, invalid values) goes through <see cref="AnswerParser"/>, which also words the message.
/// </summary>
internal sealed class FastCodes
{
    private readonly bool[]? _valid;
    private readonly int _min, _max, _step, _scale;

    private FastCodes(bool[]? valid, int min, int max, int step, int scale) =>
        (_valid, _min, _max, _step, _scale) = (valid, min, max, step, scale);

    /// <summary><paramref name="codes"/>: the column uses the instrument's option codes; otherwise only a Likert
    /// question's steps are numbers (see <see cref="AnswerParser"/>).</summary>
    public static FastCodes? For(Question question, UploadVocabulary instrument, bool codes)
    {
        if (question.Kind == "number")
            return question is { MinValue: { } min, MaxValue: { } max, Step: { } step }
                   && min == decimal.Truncate(min) && max == decimal.Truncate(max) && step == decimal.Truncate(step) && step > 0
                ? new FastCodes(null, (int)min, (int)max, (int)step, question.Scale)
                : null;
        if (!instrument.Labels.TryGetValue(question.Code, out var labels) || labels.Count == 0 || labels.Keys.Min() < 0)
            return null;
        if (!codes && question.Kind != "likert")
            return null;
        var valid = new bool[labels.Keys.Max() + 1];
        foreach (var code in labels.Keys)
            valid[code] = codes || (code >= question.MinValue && code <= question.MaxValue);
        return new FastCodes(valid, 0, 0, 0, 1);
    }

    public bool TryGet(int number, out short value)
    {
        value = 0;
        if (_valid is not null)
        {
            if (number >= _valid.Length || !_valid[number])
                return false;
            value = (short)number;
            return true;
        }
        if (number < _min || number > _max || (number - _min) % _step != 0 || number * _scale > short.MaxValue)
            return false;
        value = (short)(number * _scale);
        return true;
    }
}
