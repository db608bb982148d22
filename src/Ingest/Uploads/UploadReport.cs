using System.Globalization;
using System.Text;

namespace Survey.Ingest.Uploads;

/// <summary>The upload result as the administrator reads it (CLI, the inbox's .problems.txt, the web page).</summary>
internal static partial class UploadReport
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string ToSwedishText(UploadResult result)
    {
        var text = new StringBuilder();
        var skipped = result.Skipped;
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
        text.AppendLine($"Rader: {N(result.HeaderRows + result.Rows)} lästa, varav {N(result.HeaderRows)} rubrikrader och {N(result.Rows)} datarader");
        text.AppendLine($"Sparade: {N(result.Stored)} (nya: {N(result.Inserted)}, ändrade: {N(result.Updated)}, oförändrade: {N(result.Unchanged)})");
        if (result.LeftOut.Count > 0)
            text.AppendLine($"Utelämnade: {N(result.LeftOut.Sum(l => l.Rows))} rader räknas inte som svarande: {LeftOutText(result.LeftOut)}");
        foreach (var warning in result.Warnings)
            text.AppendLine($"VARNING: {warning}");
        foreach (var line in NewOrganisation(result))
            text.AppendLine(line);
        if (result.IgnoredColumns.Count > 0)
            text.AppendLine($"Ignorerade kolumner: {string.Join(", ", result.IgnoredColumns)}");
        if (result.Problems.Count > 0)
        {
            text.AppendLine($"Problem ({N(ProblemCount(result.Problems))}):");
            foreach (var p in result.Problems)
                text.AppendLine(p.Line is null
                    ? $"  {p.Message}"
                    : $"  Rad {p.Line}, kolumn \"{p.Column}\", värde \"{OneLine(p.Value)}\": {p.Message}");
        }
        return text.ToString();
    }

    /// <summary>"2 förhandsgranskning eller test i enkätverktyget (Status), 1 ofullständigt svar (Finished = 0)".</summary>
    public static string LeftOutText(IReadOnlyList<Exports.LeftOut> leftOut) =>
        string.Join(", ", leftOut.OrderByDescending(l => l.Rows).ThenBy(l => l.Reason, StringComparer.Ordinal).Select(l => $"{N(l.Rows)} {l.Reason}"));

    /// <summary>Every problem listed, and those counted in the note on the ones not listed.</summary>
    public static int ProblemCount(IReadOnlyList<UploadProblem> problems) => problems.Sum(p =>
        p.Line is null && NotListed().Match(p.Message) is { Success: true } more
            ? int.Parse(more.Groups[1].Value, CultureInfo.InvariantCulture)
            : 1);

    [System.Text.RegularExpressions.GeneratedRegex(@"^Ytterligare (\d+) problem visas inte\.$")]
    private static partial System.Text.RegularExpressions.Regex NotListed();

    /// <summary>"Nya förvaltningar: Patientnämndens kansli (4 svar)" and "Nya enheter: …", when the file brought any.</summary>
    public static IEnumerable<string> NewOrganisation(UploadResult result)
    {
        var counted = result.Kind == UploadKind.Headcount ? "anställda" : "svar";
        if (result.NewAdministrations.Count > 0)
            yield return $"Nya förvaltningar: {string.Join(", ", result.NewAdministrations.Select(a => $"{a.Name} ({N(a.Count)} {counted})"))}";
        if (result.NewUnits.Count > 0)
            yield return $"Nya enheter: {string.Join(", ", result.NewUnits.Take(MaxNewUnitsListed).Select(u => $"{u.Name} ({N(u.Count)} {counted})"))}" +
                         (result.NewUnits.Count > MaxNewUnitsListed
                             ? $" och {N(result.NewUnits.Count - MaxNewUnitsListed)} till ({N(result.NewUnits.Count)} nya enheter i allt)"
                             : "");
    }

    /// <summary>New units named in the text; a first load of a big organisation brings tens of thousands (JSON lists all).</summary>
    public const int MaxNewUnitsListed = 20;

    private static string N(long n) => n.ToString("N0", Swedish);

    private static string OneLine(string? value) =>
        value is null ? "" : value.Length > 60 ? Escape(value[..57]) + "..." : Escape(value);

    private static string Escape(string value) => value.Replace("\r", "\\r").Replace("\n", "\\n");
}
