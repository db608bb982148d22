using System.Globalization;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Exports;

/// <summary>
/// Turns a value as exported (a code, a label, "2,5") into the stored smallint, or says in Swedish why it cannot.
/// Codes and labels come from the instrument's answer options and aliases; numbers are stored times their scale.
/// </summary>
internal sealed class AnswerParser(Instrument instrument)
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    private readonly Dictionary<string, Dictionary<string, short>> _options = instrument.Options.ToDictionary(
        o => o.Key, o => new Dictionary<string, short>(o.Value, StringComparer.OrdinalIgnoreCase));

    private readonly Dictionary<string, Administration> _administrations =
        new(instrument.AdministrationByName, StringComparer.OrdinalIgnoreCase);

    /// <summary>False with a message when the value is invalid; true with null when it is empty (not answered).</summary>
    public bool TryParse(Question question, string raw, out short? value, out string? error)
    {
        value = null;
        error = null;
        var text = raw.Trim();
        if (text.Length == 0)
            return true;
        switch (question.Kind)
        {
            case "administration":
                if (_administrations.TryGetValue(text, out var a) || _administrations.TryGetValue(Normalise.Label(text), out a))
                    value = a.Id;
                else
                    error = "Okänd förvaltning: ska vara kod eller namn för en av " +
                            string.Join(", ", instrument.Administrations.Select(x => $"{x.Code} {x.Name}")) + ".";
                break;
            case "number":
                value = ParseNumber(question, text, out error);
                break;
            default:
                var options = _options[question.Code];
                if (options.TryGetValue(text, out var code) || options.TryGetValue(Normalise.Label(text), out code))
                    value = code;
                else
                    error = question.Kind == "likert"
                        ? $"Ogiltigt svar för {question.Code}: ska vara {question.MinValue:0}–{question.MaxValue:0} eller Vet ej / Ej aktuellt."
                        : $"Ogiltigt svar för {question.Code}: ska vara ett av {string.Join(", ", instrument.OptionList[question.Code])}.";
                break;
        }
        return error is null;
    }

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
