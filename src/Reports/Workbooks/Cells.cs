using ClosedXML.Excel;

namespace Survey.Reports.Workbooks;

/// <summary>How the reports write cells with ClosedXML: user text stays text, numbers stay numbers with a format.</summary>
internal static class Cells
{
    public const string Percent = "0.0 %";
    public const string TwoDecimals = "0.00";
    public const string Integer = "0";

    /// <summary>
    /// Text exactly as given. SetValue on a string makes ClosedXML guess no type; text that a spreadsheet would read
    /// as a formula (=, +, -, @, tab, CR) also gets the quote prefix (OWASP ASVS 5.0, 1.2.10).
    /// </summary>
    public static IXLCell Text(this IXLCell cell, string? text)
    {
        cell.SetValue(text ?? "");
        cell.DataType = XLDataType.Text;
        if (FormulaLike(text))
            cell.Style.IncludeQuotePrefix = true;
        return cell;
    }

    public static bool FormulaLike(string? text) => text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    public static IXLCell Number(this IXLCell cell, double? value, string format)
    {
        if (value is not { } v)
        {
            cell.Text(Privacy.Suppression.Marker).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
            return cell;
        }
        cell.SetValue(v);
        cell.Style.NumberFormat.Format = format;
        return cell;
    }

    /// <summary>The format of a goal's values: shares in percent with one decimal, the index with two, counts whole.</summary>
    public static string FormatOf(string measure) => measure switch
    {
        "share" => Percent,
        "index" or "mean" => TwoDecimals,
        _ => Integer,
    };
}
