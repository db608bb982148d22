using System.Globalization;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Exports;

/// <summary>
/// Turns a value as exported (a code, a label, "2,5") into the stored smallint, or says in Swedish why it cannot.
/// Codes and labels come from the instrument's answer options and aliases; numbers are stored times their scale.
/// </summary>
internal sealed partial class AnswerParser(UploadVocabulary instrument)
{
    /// <summary>The message of a column whose values are a tool's codes that nothing maps (see <see cref="IsToolCode"/>).</summary>
    public const string Keyless =
        "Sifferkoder utan nyckel: verktygets koder för svarsalternativen går inte att tolka utan en mappning. " +
        "Mappa dem (ingest --preview, eller förhandsgranskningen på uppladdningssidan), eller exportera svarsalternativens text.";

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");
    private const int MaxAdministrationName = 100;

    private readonly Dictionary<string, Dictionary<string, short>> _options = instrument.Options.ToDictionary(
        o => o.Key, o => new Dictionary<string, short>(o.Value, StringComparer.OrdinalIgnoreCase));

    private readonly Dictionary<string, Administration> _administrations =
        new(instrument.AdministrationByName, StringComparer.OrdinalIgnoreCase);

    /// <summary>False with a message when the value is invalid; true with null when it is empty (not answered).
    /// <paramref name="codes"/>: the column uses the instrument's own option codes (its header is the question's code,
    /// or a mapping says so); otherwise a number in a choice column is a tool's code with no key, never guessed from
    /// the order of the options (the message is then <see cref="Keyless"/>). Likert questions are numeric scales:
    /// their steps (1-6) are read as numbers in any column.</summary>
    public bool TryParse(Question question, string raw, out short? value, out string? error) =>
        TryParse(question, raw, codes: true, out value, out error);

    /// <summary><paramref name="labelNumbers"/>: the number may be a tool's label number (see <see cref="LabelNumbers"/>);
    /// it is then read only through a mapping.</summary>
    public bool TryParse(Question question, string raw, bool codes, out short? value, out string? error, bool labelNumbers = false)
    {
        value = null;
        error = null;
        var text = raw.Trim();
        if (text.Length == 0)
            return true;
        // The export profile's mapping says what this tool's value means, in the instrument's own terms.
        if (instrument.ProfileValues.TryGetValue(question.Code, out var mapped) && mapped.TryGetValue(Normalise.Label(text), out var answer))
            (text, codes) = (answer, true);
        switch (question.Kind)
        {
            case "administration":
                // An administration not seen before is registered, not rejected (the upload result lists it).
                if (_administrations.TryGetValue(text, out var a) || _administrations.TryGetValue(Normalise.Label(text), out a))
                    value = a.Id;
                else if (!codes && IsToolCode(text))
                    error = Keyless;
                else if (text.Length > MaxAdministrationName)
                    error = $"Förvaltningens namn är för långt (högst {MaxAdministrationName} tecken).";
                else
                    value = instrument.ClaimAdministration(text).Id;
                break;
            case "number" or "likert" when labelNumbers && !codes && IsWhole(text): // 2,5 is no label number
                error = LabelNumbers.MessageFor(question);
                break;
            case "number":
                value = ParseNumber(question, text, out error);
                break;
            default:
                var options = _options[question.Code];
                if (options.TryGetValue(text, out var code) || options.TryGetValue(Normalise.Label(text), out code))
                    value = code;
                else if (InstrumentCode(question, text, codes) is { } own)
                    value = own;
                else if (!codes && IsToolCode(text) && !(question.Kind == "likert" && IsNumber(text)))
                    error = Keyless;
                else
                    error = question.Kind == "likert"
                        ? $"Ogiltigt svar för {question.Code}: ska vara {question.MinValue:0}–{question.MaxValue:0} eller Vet ej / Ej aktuellt."
                        : $"Ogiltigt svar för {question.Code}: ska vara ett av {string.Join(", ", instrument.OptionList[question.Code])}.";
                break;
        }
        return error is null;
    }

    /// <summary>Whether the export profile says what this value of the question means.</summary>
    public bool Mapped(Question question, string raw) =>
        instrument.ProfileValues.TryGetValue(question.Code, out var mapped) && mapped.ContainsKey(Normalise.Label(raw.Trim()));

    /// <summary>An option code of the instrument, where this column may use them (a Likert step always may).</summary>
    private short? InstrumentCode(Question question, string text, bool codes) =>
        short.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
        && instrument.Labels.TryGetValue(question.Code, out var labels) && labels.ContainsKey(code)
        && (codes || (question.Kind == "likert" && code >= question.MinValue && code <= question.MaxValue))
            ? code
            : null;

    /// <summary>Whether a value of a choice or administration column is a tool's code: not an option's label or alias,
    /// nor an administration the instrument knows.</summary>
    public bool IsToolCoded(Question question, string raw)
    {
        var text = raw.Trim();
        if (text.Length == 0 || !IsToolCode(text))
            return false;
        if (question.Kind == "administration")
            return !_administrations.ContainsKey(text) && !_administrations.ContainsKey(Normalise.Label(text));
        return !_options.TryGetValue(question.Code, out var options) || !(options.ContainsKey(text) || options.ContainsKey(Normalise.Label(text)));
    }

    /// <summary>A number, or a code such as LimeSurvey's AO02, A1 or Y: a tool's code for an option, not a label.</summary>
    private static bool IsToolCode(string text) => ToolCode().IsMatch(text);

    private static bool IsWhole(string text) => short.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static bool IsNumber(string text) => decimal.TryParse(text.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out _);

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:[+-]?\d+(?:[.,]\d+)?|[A-Za-z]{1,3}\d{1,4}|[A-Za-z])$")]
    private static partial System.Text.RegularExpressions.Regex ToolCode();

    private static short? ParseNumber(Question q, string text, out string? error)
    {
        error = null;
        if (decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var number)
            && number >= (q.MinValue ?? decimal.MinValue) && number <= (q.MaxValue ?? decimal.MaxValue)
            && (q.Step is not { } step || step == 0 || (number - (q.MinValue ?? 0)) % step == 0)
            && number * q.Scale is var stored && stored == decimal.Truncate(stored) && stored is >= short.MinValue and <= short.MaxValue)
            return (short)stored;

        var range = $"{q.MinValue?.ToString("0.##", Swedish)}–{q.MaxValue?.ToString("0.##", Swedish)}";
        error = q.Step switch
        {
            1m => $"Ogiltigt värde för {q.Code}: ska vara ett heltal {range}.",
            0.5m => $"Ogiltigt värde för {q.Code}: ska vara ett tal {range} i hela eller halva (t.ex. 2,5).",
            { } s => $"Ogiltigt värde för {q.Code}: ska vara ett tal {range} i steg om {s.ToString("0.##", Swedish)}.",
            null => $"Ogiltigt värde för {q.Code}: ska vara ett tal {range}.",
        };
        return null;
    }
}
