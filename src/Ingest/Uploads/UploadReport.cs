using System.Globalization;
using System.Text;

namespace Survey.Ingest.Uploads;

/// <summary>The upload result as the administrator reads it (CLI, the inbox's .problems.txt, the web page).</summary>
internal static class UploadReport
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string ToSwedishText(UploadResult result)
    {
        var text = new StringBuilder();
        var skipped = result.Rows - result.Inserted - result.Updated - result.Unchanged;
        text.AppendLine($"Fil: {result.File}");
        if (result.Wave is not null)
            text.AppendLine($"Mätning: {result.Wave}");
        text.AppendLine(result.Status switch
        {
            UploadResult.Accepted when skipped > 0 => $"Status: godkänd, men {N(skipped)} rader med fel hoppades över",
            UploadResult.Accepted => "Status: godkänd",
            UploadResult.Failed => "Status: misslyckades, ingenting sparades",
            _ => "Status: avvisad, ingenting sparades. Rätta filen och ladda upp den igen.",
        });
        text.AppendLine($"Rader: {N(result.Rows)}");
        if (result.IsAccepted)
            text.AppendLine($"Nya: {N(result.Inserted)}, ändrade: {N(result.Updated)}, oförändrade: {N(result.Unchanged)}");
        if (result.IgnoredColumns.Count > 0)
            text.AppendLine($"Ignorerade kolumner: {string.Join(", ", result.IgnoredColumns)}");
        if (result.Problems.Count > 0)
        {
            text.AppendLine($"Problem ({N(result.Problems.Count(p => p.Line is not null))}):");
            foreach (var p in result.Problems)
                text.AppendLine(p.Line is null
                    ? $"  {p.Message}"
                    : $"  Rad {p.Line}, kolumn \"{p.Column}\", värde \"{OneLine(p.Value)}\": {p.Message}");
        }
        return text.ToString();
    }

    private static string N(int n) => n.ToString("N0", Swedish);

    private static string OneLine(string? value) =>
        value is null ? "" : value.Length > 60 ? Escape(value[..57]) + "..." : Escape(value);

    private static string Escape(string value) => value.Replace("\r", "\\r").Replace("\n", "\\n");
}
