using System.Text;
using System.Text.RegularExpressions;

namespace Survey.Ingest.Reading;

/// <summary>
/// How headers and values are compared with the instrument: survey tools add case changes, surrounding quotes,
/// odd spaces (NBSP) and number prefixes ("12. ") that must not matter.
/// </summary>
internal static partial class Normalise
{
    /// <summary>A value or label: trimmed, quotes stripped, whitespace collapsed, lower case.</summary>
    public static string Label(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '\u00A0' or '\u202F' or '\u2007' or '\u200B' or '\uFEFF')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
                builder.Append(' ');
            pendingSpace = false;
            builder.Append(char.ToLowerInvariant(c));
        }
        var result = builder.ToString();
        while (result.Length >= 2 && IsQuote(result[0]) && IsQuote(result[^1]))
            result = result[1..^1].Trim();
        return result;
    }

    /// <summary>A column header: as a label, and without a leading question number ("12. ", "Q12) ").</summary>
    public static string Header(string? text) => NumberPrefix().Replace(Label(text), "").Trim('"', '\'', ' ');

    private static bool IsQuote(char c) => c is '"' or '\'' or '“' or '”' or '„' or '«' or '»' or '‘' or '’';

    [GeneratedRegex(@"^(?:q|fråga\s*)?\d{1,3}(?:\.\d{1,3})*\s*[.):]\s*|^(?:q|fråga\s*)?\d{1,3}\s+(?=\D)")]
    private static partial Regex NumberPrefix();
}
