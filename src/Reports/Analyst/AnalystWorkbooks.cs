using ClosedXML.Excel;
using Npgsql;
using Survey.Reports.Board;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;
using Survey.Reports.Workbooks;

namespace Survey.Reports.Analyst;

/// <summary>
/// The analyst workbook for a wave and an optional filter: the goal outcomes with all breakdowns, every question's
/// distribution by every background field (one sheet per question), the units' distributions in long format on a
/// sheet of their own (<see cref="UnitTable"/>), free text where groups are big enough, and the definitions. The small sheets are made with ClosedXML; the big ones are streamed in with OpenXmlWriter so a
/// large wave never needs the whole workbook as objects in memory. No respondent-level row leaves the system.
/// </summary>
public static class AnalystWorkbooks
{
    public const string FreeTextSheet = "Fritext";

    public static string FileName(string waveCode, IReadOnlyList<string> filters) =>
        $"analys-{waveCode}{string.Concat(filters.Select(f => $"-{f.Trim()}"))}.xlsx"
            .Replace(' ', '_').Replace('/', '_');

    /// <summary>What a user typed for the filter (administration=code, name or alias; unit=code), resolved once into ids.</summary>
    public static async Task<WaveFilter> FilterAsync(NpgsqlConnection connection, IReadOnlyList<(string Field, string Value)> filters,
        CancellationToken ct) => await AnalystFilter.ResolveAsync(connection, filters, ct);

    /// <summary>The report table's key of an ordered workbook's filter.</summary>
    public static string Scope(WaveFilter filter) => AnalystFilter.Key(filter);

    /// <summary>The workbook for a filter as typed (the CLI and tests); resolves it, then writes as an order would.</summary>
    public static async Task WriteAsync(NpgsqlDataSource db, string waveCode, IReadOnlyList<(string Field, string Value)> filters,
        Stream output, CancellationToken ct)
    {
        WaveFilter filter;
        await using (var connection = await db.OpenConnectionAsync(ct))
            filter = await AnalystFilter.ResolveAsync(connection, filters, ct);
        await WriteAsync(db, waveCode, filter, output, ct);
    }

    public static Task WriteAsync(NpgsqlDataSource db, string waveCode, WaveFilter ordered, Stream output, CancellationToken ct) =>
        WriteAsync(db, waveCode, ordered, output, UnitTable.MaxRows, ct);

    /// <param name="unitRowsPerSheet">Rows of the units' table per sheet (<see cref="UnitTable.MaxRows"/>; tests split it sooner).</param>
    internal static async Task WriteAsync(NpgsqlDataSource db, string waveCode, WaveFilter ordered, Stream output, int unitRowsPerSheet,
        CancellationToken ct)
    {
        await using var snapshot = await ReportSnapshot.BeginAsync(db, ct);
        var connection = snapshot.Connection;
        var instrument = await snapshot.InstrumentAsync(ct);
        // The order's wave, resolved once: everything below takes it.
        var wave = GoalSelection.ForWave(waveCode).Resolve(await snapshot.WavesAsync(ct))!;
        var selection = GoalSelection.For(wave);
        WaveProtection protection;
        using (Timings.Phase("analyst: protection loaded"))
            protection = await WaveProtection.LoadAsync(snapshot, instrument, wave.Id, ct, units: true);
        var (filter, scope) = await AnalystFilter.CheckAsync(connection, protection, ordered, ct);
        // The region's goals with their changes; a filtered workbook takes its administration's from the region's rows.
        var report = await FilteredGoals.AgreeAsync(snapshot, instrument, filter == WaveFilter.All
            ? await GoalOutcomes.ComputeAsync(snapshot, selection, ct)
            : await GoalOutcomes.ComputeAsync(snapshot, selection, filter, ct), selection, filter, ct);
        var sources = await Provenance.LoadAsync(snapshot, report, null, ct);

        byte[] small;
        using (Timings.Phase("analyst: goal sheets"))
        using (var workbook = new XLWorkbook())
        {
            BoardWorkbook.GoalTable(workbook, report, scope);
            GoalBreakdowns(workbook, report);
            Provenance.AddSheet(workbook, report, sources, scope, snapshot.Of);
            var definitions = workbook.Worksheet("Definitioner");
            var row = definitions.LastRowUsed()!.RowNumber() + 2;
            definitions.Cell(row, 1).Text("Bakgrundsfrågor");
            definitions.Cell(row, 2).Text(BackgroundNote);
            if (filter != WaveFilter.All)
            {
                definitions.Cell(++row, 1).Text("Skydd i urval");
                definitions.Cell(row, 2).Text(FilteredGoals.Note);
            }
            foreach (var (isGoal, code) in protection.Withheld)
            {
                definitions.Cell(++row, 1).Text("Publiceras inte");
                definitions.Cell(row, 2).Text(isGoal
                    ? $"Målet {code}: dess population skiljer sig från alla svarande med 1–4 personer, som skulle kunna räknas fram."
                    : $"Frågan {code} har inget eget blad i mätningen: ett mål som räknas på en del av dem som besvarat den skiljer " +
                      "sig från frågans svarande med 1–4 personer, som annars skulle kunna räknas fram.");
            }
            foreach (var code in protection.WithoutUnits)
            {
                definitions.Cell(++row, 1).Text("Publiceras inte");
                definitions.Cell(row, 2).Text($"Frågan {code} redovisas inte per enhet: ett mål räknas på en del av dem som besvarat den " +
                    "(t.ex. cheferna), och en enhets rad skulle visa den delen inom enheten, en grupp som ingen rapport visar.");
            }
            using var saved = new MemoryStream();
            workbook.SaveAs(saved);
            small = saved.ToArray();
        }
        using var book = StreamedWorkbook.Create(small,
            [.. instrument.Positioned.Where(q => Distributions.Published(instrument, q, protection)
                && (filter.UnitCode is null || protection.PublishesUnits(q.Code))).Select(q => q.Code), UnitTable.SheetName,
             FreeTextSheet], "Definitioner", output);
        using (var units = new UnitTable(unitRowsPerSheet))
        {
            using (Timings.Phase("analyst: question sheets"))
                await Distributions.WriteAsync(snapshot, instrument, report.WaveId!.Value, filter, protection, book.Write, units, ct);
            using (Timings.Phase("analyst: units' table"))
                units.WriteTo(book);
        }
        using (Timings.Phase("analyst: free text"))
            await book.WriteAsync(FreeTextSheet, [("Fråga", 40), ("Svar", 120)],
                sheet => FreeText.WriteAsync(connection, instrument, report.WaveId!.Value, filter, sheet, ct));
    }

    public const string BackgroundNote = "Bakgrundsfrågornas fördelningar (förvaltning, kön, ålder, chef, hem- och arbetskommun) " +
        "publiceras inte som egna blad: ett antal per svar på en bakgrundsfråga är storleken på en grupp, och fördelningen per " +
        "förvaltning eller annan bakgrund är en korstabell av gruppstorlekar. En grupps storlek syns som n i frågornas rader där " +
        "gruppen visas. En grupp som döljs i mätningen (räknat på svarande) döljs i varje tabell.";

    private static void GoalBreakdowns(IXLWorkbook workbook, GoalReport report)
    {
        var sheet = SheetLayout.Table(workbook, "Målnedbrytning",
            [("Mål", 46), ("Bakgrund", 18), ("Grupp", 34), ("n", 9), ("Utfall", 11), ("Anmärkning", 24), .. ChangeCells.Headers]);
        var row = 2;
        foreach (var goal in report.Goals)
            foreach (var (name, groups) in goal.Breakdowns.Named())
                foreach (var group in groups)
                {
                    sheet.Cell(row, 1).Text(goal.Title);
                    sheet.Cell(row, 2).Text(name);
                    sheet.Cell(row, 3).Text(group.Group);
                    BoardWorkbook.GroupCells(sheet, row++, 4, goal, group);
                }
        SheetLayout.Filter(sheet, 1, 6 + ChangeCells.Headers.Length);
    }
}
