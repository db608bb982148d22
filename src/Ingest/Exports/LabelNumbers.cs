using Survey.Ingest.Reading;
using Survey.Ingest.Uploads;

namespace Survey.Ingest.Exports;

/// <summary>
/// Number questions that tools ask as a list of options (D_DAGAR: 0, 0,5 … 5) may come as the tool's label numbers
/// (Enalyzer's default "Etikettnummer": 2 means 0,5 dagar, not 2), and so may a Likert scale's answers: a tool that
/// lists "Vet ej / Ej aktuellt" first writes 1 for it and 2 for the scale's first step. Under a question-text (or
/// statement) heading a whole number is read as the value, or the step, only while the file shows no sign of a tool's
/// codes: once a choice column of the file holds one (the same export setting), every such column is refused, also
/// for the rows read before, unless a mapping says what its values are (value aliases for every value) or that they
/// are the instrument's own numbers and codes (a header alias with codes).
/// </summary>
internal sealed class LabelNumbers
{
    public const string Message =
        "Talen kan vara verktygets etikettnummer (Enalyzer: 2 = 0,5 dagar), eftersom filens svarsalternativ är " +
        "sifferkoder. Mappa värdena eller bekräfta att kolumnen innehåller antal (ingest --preview, eller " +
        "förhandsgranskningen på uppladdningssidan), eller exportera svarsalternativens text.";

    public const string ScaleMessage =
        "Talen kan vara verktygets etikettnummer för skalan (ett verktyg som listar Vet ej först skriver 1 för Vet ej " +
        "och 2 för skalans första steg), eftersom filens svarsalternativ är sifferkoder. Mappa värdena eller bekräfta " +
        "att kolumnen innehåller skalans steg (ingest --preview, eller förhandsgranskningen på uppladdningssidan), " +
        "eller exportera svarsalternativens text.";

    /// <summary>A column-level problem that only a mapping solves: a tool's codes without a key, or possible label numbers.</summary>
    public static bool NeedsMapping([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? error) =>
        error is AnswerParser.Keyless or Message or ScaleMessage;

    private readonly AnswerParser _parser;
    private readonly Question?[] _questions;
    private readonly string[] _header;
    private readonly bool[] _watched;
    private readonly int[] _evidence;
    private readonly (long Line, string Value)?[] _readBefore;

    public LabelNumbers(AnswerParser parser, ExportColumns columns)
    {
        _parser = parser;
        _questions = columns.Questions;
        _header = columns.Header;
        _watched = [.. columns.Questions.Select((q, i) => q is not null && !columns.Codes[i] && (IsList(q) || q.Kind == "likert"))];
        _evidence = [.. Enumerable.Range(0, _questions.Length)
            .Where(i => _questions[i] is { Kind: "choice" or "administration" } && !columns.Codes[i])];
        _readBefore = new (long, string)?[_questions.Length];
        _plain = [.. _evidence.Select(_ => new HashSet<string>(ReferenceEqualityComparer.Instance))];
        Active = _watched.Any(w => w);
    }

    // Per evidence column, values seen to be no tool's code: labels repeat, and the CSV reader hands out one pooled
    // string per distinct value, so a lookup by reference spares the test (a regular expression) in every row.
    private readonly HashSet<string>[] _plain;

    /// <summary>Whether the file has a column to watch at all.</summary>
    public bool Active { get; }

    /// <summary>A row (this one or an earlier one) held a tool's code in a choice column.</summary>
    public bool Coded { get; private set; }

    /// <summary>A number question with at most 21 possible answers: a list in the tools that ask it.</summary>
    public static bool IsList(Question q) =>
        q is { Kind: "number", MinValue: { } min, MaxValue: { } max, Step: { } step } && step > 0 && (max - min) / step <= 20;

    public bool Watches(int column) => _watched[column];

    /// <summary>A number read in this column now would still be recorded (see <see cref="Read"/>).</summary>
    public bool Records(int column) => !Coded && _watched[column] && _readBefore[column] is null;

    public static string MessageFor(Question q) => q.Kind == "likert" ? ScaleMessage : Message;

    /// <summary>Called for each row before its answers are read; the first coded row reports the numbers read before it.</summary>
    public void Observe(ITableReader record, long line, ProblemList problems)
    {
        if (Coded || !Active)
            return;
        for (var e = 0; e < _evidence.Length; e++)
        {
            var (i, raw) = (_evidence[e], record[_evidence[e]]);
            if (_plain[e].Contains(raw))
                continue;
            if (_parser.IsToolCoded(_questions[i]!, raw))
            {
                Coded = true;
                for (var c = 0; c < _readBefore.Length; c++)
                    if (_readBefore[c] is { } read)
                        problems.AddColumn(read.Line, _header[c], read.Value, MessageFor(_questions[c]!));
                return;
            }
            if (_plain[e].Count < 64)
                _plain[e].Add(raw);
        }
    }

    /// <summary>A whole number: what a label number looks like (2,5 is none).</summary>
    public static bool IsWhole(string raw) =>
        short.TryParse(raw.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>A watched column's value read as a number while the file showed no codes yet (2,5 is no label number,
    /// nor is a value the export profile maps).</summary>
    public void Read(int column, long line, string raw)
    {
        if (_readBefore[column] is null && IsWhole(raw) && !_parser.Mapped(_questions[column]!, raw))
            _readBefore[column] = (line, raw);
    }
}
