using System.Globalization;

namespace Survey.Ingest.Uploads;

/// <summary>Numbers as spreadsheets and Swedish CSV write them: decimal comma or point, spaces as thousands separators.</summary>
internal static class Numbers
{
    public static bool TryParseDecimal(string text, out decimal value) =>
        decimal.TryParse(text.Trim().Replace('\u00A0', ' ').Replace(" ", "").Replace(',', '.'),
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    /// <summary>A whole, non-negative count ("12", "12,0" from a spreadsheet, "1 250").</summary>
    public static bool TryParseCount(string text, out int value)
    {
        value = 0;
        if (!TryParseDecimal(text, out var number) || number < 0 || number != decimal.Truncate(number) || number > int.MaxValue)
            return false;
        value = (int)number;
        return true;
    }
}
