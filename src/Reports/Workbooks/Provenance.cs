using ClosedXML.Excel;
using Dapper;
using Survey.Reports.Goals;

namespace Survey.Reports.Workbooks;

/// <summary>
/// The sheet "Definitioner": how each outcome is computed, from which wave, and the uploads the figures rest on
/// (file name, SHA-256, time), so a reader can trace every figure to a file.
/// </summary>
internal static class Provenance
{
    internal sealed record Source(string Kind, string FileName, string Sha256, DateTime UploadedAt);

    /// <summary>
    /// The uploads the report's figures rest on: its wave's answers (the uploads its respondents come from, kept with
    /// the goal tally; where the snapshot finds none kept, each of the wave's accepted survey uploads is looked for
    /// until its first respondent), headcount, and the month's indicators.
    /// </summary>
    public static async Task<IReadOnlyList<Source>> LoadAsync(ReportSnapshot snapshot, GoalReport report,
        string? indicatorMonth, CancellationToken ct)
    {
        var connection = snapshot.Connection;
        var kept = report.WaveId is { } waveId ? await GoalTally.KeptUploadsAsync(snapshot, waveId, ct) : null;
        var sources = await connection.QueryAsync<Source>(new CommandDefinition($"""
            SELECT source AS Kind, file_name AS FileName, sha256, uploaded_at AS UploadedAt FROM (
                SELECT 'Enkätsvar' AS source, u.* FROM upload u
                {(kept is not null ? "WHERE u.id = ANY (@kept)" : """
                    CROSS JOIN LATERAL (SELECT FROM respondent r WHERE r.wave_id = @wave AND r.upload_id = u.id LIMIT 1) held
                    WHERE u.kind = 'survey' AND u.wave_id = @wave AND u.status = 'accepted'
                    """)}
                UNION ALL
                SELECT 'Personalunderlag', u.* FROM upload u
                WHERE u.id IN (SELECT upload_id FROM headcount WHERE wave_id = @wave)
                UNION ALL
                SELECT 'Indikatorer', u.* FROM upload u
                WHERE u.id IN (SELECT upload_id FROM indicator_value WHERE period = @month)
            ) s
            ORDER BY uploaded_at, id
            """, new { wave = report.WaveId ?? -1, month = indicatorMonth ?? "", kept = kept?.ToArray() }, cancellationToken: ct));
        return sources.ToList();
    }

    public static void AddSheet(IXLWorkbook workbook, GoalReport report, IReadOnlyList<Source> sources, string scope,
        ReportSnapshot.State state)
    {
        var wave = report.Of;
        var sheet = SheetLayout.Table(workbook, "Definitioner",
            [("Mål", 22), ("Titel", 40), ("Perspektiv", 20), ("Mått", 10), ("Källa", 14), ("Definition: så räknas utfallet", 100),
             ("Beskrivning", 70)]);
        var row = 2;
        foreach (var goal in report.Goals)
        {
            sheet.Cell(row, 1).Text(goal.Code);
            sheet.Cell(row, 2).Text(goal.Title);
            sheet.Cell(row, 3).Text(goal.Info.Perspective);
            sheet.Cell(row, 4).Text(goal.Info.Measure switch { "share" => "Andel", "index" => "Index", "mean" => "Medelvärde", _ => "Antal" });
            sheet.Cell(row, 5).Text(goal.Info.Source switch { "survey" => "Enkät", "headcount" => "Enkät och personalunderlag", _ => "Indikator" });
            sheet.Cell(row, 6).Text(goal.Info.Definition).Style.Alignment.SetWrapText();
            sheet.Cell(row, 7).Text(goal.Info.Description ?? "").Style.Alignment.SetWrapText();
            row++;
        }
        SheetLayout.Filter(sheet, 1, 7);

        row += 1;
        sheet.Cell(row++, 1).Text("Underlag").Style.Font.SetBold();
        sheet.Cell(row, 1).Text("Mätning");
        sheet.Cell(row++, 2).Text(wave is null ? "Ingen mätning avslutad före perioden" : $"{wave.Code} ({wave.Name}), {wave.StartsOn:yyyy-MM-dd} – {wave.EndsOn:yyyy-MM-dd}");
        sheet.Cell(row, 1).Text("Period");
        sheet.Cell(row++, 2).Text(report.Period ?? "–");
        sheet.Cell(row, 1).Text("Urval");
        sheet.Cell(row++, 2).Text(scope);
        sheet.Cell(row, 1).Text("Sekretess");
        sheet.Cell(row++, 2).Text(Protection);
        sheet.Cell(row, 1).Text("Databasens läge");
        sheet.Cell(row++, 2).Text(Describe(state));
        row++;
        foreach (var (header, column) in new[] { ("Uppladdning", 1), ("Filnamn", 2), ("Tidpunkt", 3), ("SHA-256", 6) })
            sheet.Cell(row, column).Text(header).Style.Font.SetBold();
        row++;
        foreach (var source in sources)
        {
            sheet.Cell(row, 1).Text(source.Kind);
            sheet.Cell(row, 2).Text(source.FileName);
            sheet.Cell(row, 3).SetValue(Stockholm(source.UploadedAt));
            sheet.Cell(row, 3).Style.NumberFormat.Format = "yyyy-mm-dd hh:mm";
            sheet.Cell(row, 6).Text(source.Sha256);
            row++;
        }
    }

    /// <summary>What the Definitioner sheet says about the protection (README, Privacy).</summary>
    public static readonly string Protection =
        $"Grupper med färre än {Privacy.Suppression.MinimumGroupSize} svar visas som {Privacy.Suppression.Marker}. Döljs en grupp döljs " +
        "fler, tills de dolda tillsammans kan rymma minst 5 svar var, så att ingen dold siffra kan räknas fram ur summor. Skyddet " +
        "bestäms en gång per mätning för alla tabeller tillsammans: en grupp som döljs räknat på svarande döljs i varje tabell, och ett " +
        "mål som räknas på en mindre population än sin fråga (chefer bland dem som besvarat frågan, sju kommuner bland alla) bestäms " +
        "tillsammans med frågans blad. Är skillnaden mellan dem 1–4 svarande publiceras frågans blad inte (eller målet, när " +
        "skillnaden är mot alla svarande).";

    /// <summary>The one state every sheet was read from, named by its accepted uploads.</summary>
    internal static string Describe(ReportSnapshot.State state)
    {
        var read = $"Hela arbetsboken är läst ur ett och samma läge av databasen, {Time(state.ReadAt)}: ";
        return state.LatestUploadId is not { } id
            ? read + "inga godkända uppladdningar."
            : read + $"{state.AcceptedUploads} godkända uppladdningar, den senaste nr {id} ({state.LatestFileName}" +
              (state.LatestFinishedAt is { } finished ? $", klar {Time(finished)})." : ").");

        static string Time(DateTime utc) => Stockholm(utc).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DateTime Stockholm(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Survey.Stockholm.TimeZone);
}
