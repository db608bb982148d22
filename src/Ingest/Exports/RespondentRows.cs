using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Survey.Ingest.Reading;
using Survey.Ingest.Uploads;

namespace Survey.Ingest.Exports;

/// <summary>
/// Parses export records into respondent rows and writes them straight to the binary COPY, reusing its buffers so
/// that a million rows cost no more memory than a hundred.
/// </summary>
internal sealed class RespondentRows(UploadVocabulary instrument, ExportColumns columns)
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A file that starts as UTF-8 and later is not (pasted Windows-1252 text) reads as replacement characters.
    private const string UnreadableText =
        "Texten innehåller tecken som inte gick att läsa (fel teckenkodning). Spara filen som CSV UTF-8 och ladda upp den igen.";

    private readonly AnswerParser _parser = new(instrument);
    private readonly short?[] _answers = new short?[instrument.AnswerCount];
    private readonly List<(string Code, string Text)> _freeText = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    // Labels repeat, and the CSV reader hands out one pooled string per distinct value: a lookup by reference
    // skips normalising and hashing the text again.
    private readonly Dictionary<string, short>[] _seen = columns.Questions.Select(_ => new Dictionary<string, short>(ReferenceEqualityComparer.Instance)).ToArray();
    private readonly FastCodes?[] _fast = columns.Questions.Select((q, i) => q is null || instrument.ProfileValues.ContainsKey(q.Code)
        || (!columns.Codes[i] && LabelNumbers.IsList(q)) ? null
        : FastCodes.For(q, instrument, columns.Codes[i])).ToArray();

    private (short WaveId, long UploadId)? _direct;
    private LabelNumbers? _labelNumbers;
    private readonly Dictionary<string, int> _leftOut = [];

    private LabelNumbers Numbers => _labelNumbers ??= new LabelNumbers(_parser, columns);

    /// <summary>Rows the tool marks as no respondent (a preview, spam, unfinished), by reason.</summary>
    public IReadOnlyList<LeftOut> LeftOut => [.. _leftOut.Select(l => new LeftOut(l.Key, l.Value))];

    /// <summary>Rows go straight into respondent (a first load) rather than to the staging table.</summary>
    public bool Direct => _direct is not null;

    private CountingBehind? _counting;

    public void LoadDirectly(short waveId, long uploadId, IRespondentCounter? counter)
    {
        _direct = (waveId, uploadId);
        _counting = counter is null ? null : new CountingBehind(counter, _answers.Length);
    }

    /// <summary>The rows written straight into respondent, counted as they were written (null: not counted).</summary>
    public async Task<IRespondentCounter?> CountedAsync() => _counting is null ? null : await _counting.CountedAsync();

    public bool Write(ITableReader record, CopyRows copy, ProblemList problems, bool skipInvalidRows)
    {
        if (columns.LeftOutReason(record) is { } reason)
        {
            _leftOut[reason] = _leftOut.GetValueOrDefault(reason) + 1;
            return false;
        }
        var numbers = Numbers;
        numbers.Observe(record, record.Line, problems);
        Array.Clear(_answers);
        _freeText.Clear();
        string? unit = null, key = null;
        string unitRaw = "";
        short administration = 0;
        var adminColumn = -1;
        var problemsBefore = problems.Total;
        var keyless = false;
        var questions = columns.Questions;
        for (var i = 0; i < questions.Length; i++)
        {
            if (questions[i] is not { } q)
                continue;
            // A Likert step is read fast until the file shows a tool's codes (then it may be a label number: see LabelNumbers).
            if (_fast[i] is { } fast && !(numbers.Coded && numbers.Watches(i)) && record.TryGetSmallInt(i, out var number)
                && fast.TryGet(number, out var code))
            {
                if (numbers.Records(i))
                    numbers.Read(i, record.Line, record[i]);
                _answers[q.Position!.Value - 1] = code;
                continue;
            }
            var raw = record[i];
            switch (q.Kind)
            {
                case "unit":
                    unitRaw = raw;
                    unit = raw.Trim() is { Length: > 0 } u ? u : null;
                    if (unit is { Length: > 50 })
                        problems.Add(record.Line, columns.Header[i], raw, "Enhetskoden är för lång (högst 50 tecken).");
                    break;
                case "text":
                    if (raw.Contains('\uFFFD'))
                        problems.Add(record.Line, columns.Header[i], raw, UnreadableText);
                    else if (!string.IsNullOrWhiteSpace(raw))
                        _freeText.Add((q.Code, raw));
                    break;
                default:
                    short? parsed = null;
                    // A watched column's whole numbers are read anew in every row (see LabelNumbers), its labels not.
                    var watched = numbers.Active && numbers.Watches(i);
                    if (_seen[i].TryGetValue(raw, out var known))
                        parsed = known;
                    else if (_parser.TryParse(q, raw, columns.Codes[i], out parsed, out var error, watched && numbers.Coded))
                    {
                        if (parsed is { } value && _seen[i].Count < 64 && !(watched && LabelNumbers.IsWhole(raw)))
                            _seen[i][raw] = value;
                        else if (parsed is not null && watched && !numbers.Coded)
                            numbers.Read(i, record.Line, raw);
                    }
                    else if (LabelNumbers.NeedsMapping(error))
                    {
                        problems.AddColumn(record.Line, columns.Header[i], raw, error);
                        keyless = true;
                    }
                    else
                        problems.Add(record.Line, columns.Header[i], raw, error!);
                    _answers[q.Position!.Value - 1] = parsed;
                    if (q.Kind == "administration")
                        (administration, adminColumn) = (parsed ?? 0, i);
                    break;
            }
        }
        if (administration == 0 && adminColumn >= 0 && record[adminColumn].Trim().Length == 0)
            problems.Add(record.Line, columns.Header[adminColumn], "", "Förvaltning saknas.");
        DateTime? submitted = null;
        if (columns.SubmittedColumn is var at and >= 0 && !Timestamps.TryParseUtc(record[at], out submitted))
            problems.Add(record.Line, columns.Header[at], record[at], Timestamps.Invalid);
        var valid = problems.Total == problemsBefore && !keyless;
        if (valid && unit is not null)
            valid = CheckUnit(unit, unitRaw, administration, record.Line, problems);
        if (!valid && skipInvalidRows)
            return false;
        instrument.Claims.Count(administration, 1);

        var hashed = false;
        if (columns.IdColumn >= 0)
            key = record[columns.IdColumn].Trim() is { Length: > 0 } id ? id : null;
        if (key is null)
            (key, hashed) = (HashKey(unit), true);

        // The columns of RespondentStore.CopySql, or of DirectCopySql.
        copy.StartRow(7);
        if (_direct is { } direct)
            copy.Smallint(direct.WaveId);
        else
            copy.Bigint(record.Line);
        copy.Text(key);
        if (_direct is null)
            copy.Boolean(hashed);
        if (unit is null) copy.Null(); else copy.Text(unit);
        if (submitted is { } time) copy.TimestampTz(time); else copy.Null();
        copy.Smallints(_answers);
        if (_freeText.Count == 0) copy.Null(); else copy.Jsonb(FreeTextJson());
        if (_direct is { } load)
            copy.Bigint(load.UploadId);
        _counting?.Add(unit, _answers);
        return true;
    }

    private bool CheckUnit(string unit, string raw, short administration, long line, ProblemList problems)
    {
        if (instrument.ClaimUnit(unit, administration, 1) is not { } conflict)
            return true;
        problems.Add(line, columns.Header[Array.FindIndex(columns.Questions, q => q?.Kind == "unit")], raw, conflict);
        return false;
    }

    private ReadOnlySpan<byte> FreeTextJson()
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, JsonOptions))
        {
            json.WriteStartObject();
            foreach (var (code, text) in _freeText)
                json.WriteString(code, text);
            json.WriteEndObject();
        }
        return _buffer.WrittenSpan;
    }

    /// <summary>
    /// A respondent without an id is identified by what they answered, in parsed form (codes, not labels; free text
    /// normalised), so the same answers in another export shape give the same key.
    /// </summary>
    private string HashKey(string? unit)
    {
        _buffer.ResetWrittenCount();
        var span = _buffer.GetSpan(2 * _answers.Length);
        for (var i = 0; i < _answers.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(span[(2 * i)..], _answers[i] ?? short.MinValue);
        _buffer.Advance(2 * _answers.Length);
        var text = $"{unit}\u0001{string.Join("\u0001", _freeText.Select(f => f.Code + "\u0002" + Normalise.Label(f.Text)))}";
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(_buffer.WrittenSpan, hash);
        return "h" + Convert.ToHexStringLower(hash[..12]);
    }
}
