using System.Globalization;
using System.Text.Json;
using Survey.Reports.Analyst;
using Survey.Reports.Board;
using Survey.Reports.Goals;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Privacy.Audit;

/// <summary>Whose figures a table holds: the region, one administration (code) or one unit (code).</summary>
internal sealed record Scope(string? Administration = null, string? Unit = null)
{
    public static readonly Scope Region = new();
    public override string ToString() => Unit is not null ? $"unit {Unit}" : Administration is not null ? $"administration {Administration}" : "region";
}

/// <summary>
/// One row of a published table as an attacker reads it: a question's distribution (Table = question code, counts per
/// answer label) or a goal's figure (Table = goal code, n and outcome), for a group (Heading "Totalt", "Förvaltning",
/// "Enhet" or a background heading). N null: the row is printed hidden ("–").
/// </summary>
internal sealed record Figure(string Source, Scope Scope, string Table, string Heading, string Group, long? N,
    IReadOnlyDictionary<string, long>? Counts, double? Outcome)
{
    public bool Hidden => N is null;
    public override string ToString() => $"{Source} [{Scope}] {Table} {Heading}: {Group}";
}

/// <summary>
/// Everything the product publishes for a wave, read back from the files and the JSON: the goals JSON for the wave
/// and for the month after it (what the API and `survey goals --json` return), the board report, the region's
/// analyst workbook and one for every administration and unit filter the product accepts.
/// </summary>
internal static class Publication
{
    public sealed record Result(IReadOnlyList<Figure> Figures, IReadOnlyList<string> Refused, int Outputs);

    public static async Task<Result> ReadAllAsync(TestDatabase db, AdversarialWave wave, string month)
    {
        var figures = new List<Figure>();
        var refused = new List<string>();
        var outputs = 0;
        foreach (var (source, selection) in new[] { ("JSON wave", GoalSelection.ForWave(AdversarialWave.WaveCode)), ($"JSON {month}", GoalSelection.ForPeriod(month)) })
        {
            var json = GoalJson.Serialize(await GoalOutcomes.ComputeAsync(db.DataSource, selection, default));
            figures.AddRange(FromJson(source, json, wave));
            outputs++;
        }
        using (var board = new WorkbookReader(await BoardReports.GenerateAsync(db.DataSource, month, default)))
            figures.AddRange(FromBoard(board, wave));
        outputs++;
        var filters = new List<(Scope, (string, string)[])> { (Scope.Region, []) };
        filters.AddRange(wave.Administrations.Keys.Select(a => (new Scope(a), new[] { ("administration", a) })));
        filters.AddRange(wave.Units.Keys.Select(u => (new Scope(wave.Units[u], u), new[] { ("unit", u) })));
        foreach (var (scope, filter) in filters)
        {
            using var output = new MemoryStream();
            try
            {
                await AnalystWorkbooks.WriteAsync(db.DataSource, AdversarialWave.WaveCode, filter, output, default);
            }
            catch (UserError)
            {
                refused.Add(scope.ToString());
                continue;
            }
            using var book = new WorkbookReader(output.ToArray());
            figures.AddRange(FromAnalyst(book, scope, wave));
            outputs++;
        }
        return new Result(figures, refused, outputs);
    }

    private static readonly Dictionary<string, string> JsonHeadings = new()
    {
        ["gender"] = "Kön", ["administration"] = "Förvaltning", ["municipality"] = "Hemkommun", ["ageBand"] = "Åldersgrupp",
        ["manager"] = "Chef/medarbetare",
    };

    private static IEnumerable<Figure> FromJson(string source, string json, AdversarialWave wave)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var goal in document.RootElement.GetProperty("goals").EnumerateArray())
        {
            var code = goal.GetProperty("code").GetString()!;
            yield return new Figure(source, Scope.Region, code, "Totalt", "Alla svarande", Long(goal, "n"), null, Double(goal, "outcome"));
            foreach (var breakdown in goal.GetProperty("breakdowns").EnumerateObject())
                foreach (var group in breakdown.Value.EnumerateArray())
                    yield return new Figure(source, Scope.Region, code, JsonHeadings[breakdown.Name], group.GetProperty("group").GetString()!,
                        Long(group, "n"), null, Double(group, "outcome"));
        }
        static long? Long(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Number ? e.GetProperty(name).GetInt64() : null;
        static double? Double(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Number ? e.GetProperty(name).GetDouble() : null;
    }

    private static long? Count(string? cell) => long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static double? Number(string? cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;

    private static IEnumerable<Figure> FromBoard(WorkbookReader book, AdversarialWave wave)
    {
        foreach (var figure in GoalTable(book, "board", Scope.Region))
            yield return figure;
        foreach (var heading in new[] { "Kön", "Förvaltning", "Hemkommun" })
            foreach (var row in book.Rows(heading).Skip(1).Where(r => r.ContainsKey("B")))
                yield return new Figure("board", Scope.Region, GoalCodes[row["A"]], heading, row["B"], Count(row.GetValueOrDefault("C")), null,
                    Number(row.GetValueOrDefault("D")));
        foreach (var row in book.Rows("Svarsfrekvens").Skip(1).Where(r => r.ContainsKey("C")))
            yield return row["A"] == "Totalt"
                ? new Figure("board", Scope.Region, "G_SVARSFREKVENS", "Totalt", "Alla svarande", Count(row["C"]), null, Number(row.GetValueOrDefault("D")))
                : new Figure("board", Scope.Region, "G_SVARSFREKVENS", "Förvaltning", row["A"], Count(row["C"]), null, Number(row.GetValueOrDefault("D")));
        foreach (var row in book.Rows("Trend").Skip(1).Where(r => r.ContainsKey("D") && GoalCodes.ContainsKey(r["A"])))
            yield return new Figure("board", Scope.Region, GoalCodes[row["A"]], "Totalt", "Alla svarande", Count(row["D"]), null, Number(row.GetValueOrDefault("C")));
    }

    private static IEnumerable<Figure> GoalTable(WorkbookReader book, string source, Scope scope) =>
        book.Rows("Måltabell").Where(r => r.TryGetValue("B", out var title) && GoalCodes.ContainsKey(title))
            .Select(r => new Figure(source, scope, GoalCodes[r["B"]], "Totalt", "Alla svarande", Count(r.GetValueOrDefault("G")), null,
                Number(r.GetValueOrDefault("E"))));

    private static IEnumerable<Figure> FromAnalyst(WorkbookReader book, Scope scope, AdversarialWave wave)
    {
        var source = $"analyst {scope}";
        foreach (var figure in GoalTable(book, source, scope))
            yield return figure;
        foreach (var row in book.Rows("Målnedbrytning").Skip(1).Where(r => r.ContainsKey("C")))
            yield return new Figure(source, scope, GoalCodes[row["A"]], row["B"], row["C"], Count(row.GetValueOrDefault("D")), null,
                Number(row.GetValueOrDefault("E")));
        foreach (var sheet in book.SheetNames.Where(n => n.Length > 2 && n[1] == '_'))
        {
            var rows = book.QuestionRows(sheet);
            if (rows.Count < 2)
                continue;
            var columns = rows[0].Where(c => c.Value.EndsWith(" (antal)", StringComparison.Ordinal))
                .ToDictionary(c => c.Key, c => c.Value[..^" (antal)".Length]);
            foreach (var row in rows.Skip(1))
            {
                var n = Count(row.GetValueOrDefault("C"));
                var counts = n is null ? null : columns.ToDictionary(c => c.Value, c => Count(row.GetValueOrDefault(c.Key)) ?? 0);
                yield return new Figure(source, scope, sheet, row["A"], row["B"], n, counts, null);
            }
        }
    }

    /// <summary>Goal titles as the workbooks print them (db/0003_goals.sql).</summary>
    public static readonly Dictionary<string, string> GoalCodes = new()
    {
        ["Fler medarbetare arbetar på distans"] = "G_DISTANS",
        ["Distansarbete sker med skriftligt avtal"] = "G_AVTAL",
        ["God digital arbetsmiljö"] = "G_DIGITAL_INDEX",
        ["Medarbetare kan koppla bort arbetet och återhämta sig"] = "G_ATERHAMTNING",
        ["Medarbetare vill arbeta hybrid"] = "G_HYBRID_VILJA",
        ["Intresse för arbetshubb i hemkommunen"] = "G_HUBB_INTRESSE",
        ["Alla chefer utbildade i ledarskap på distans"] = "G_CHEF_UTBILDNING",
        ["Medarbetare bor i hela länet"] = "G_SPRIDNING",
        ["Enkäten besvaras"] = "G_SVARSFREKVENS",
        ["Regionala arbetshubbar i varje kommun"] = "G_HUBBAR",
        ["Arbetstillfällen omlokaliserade från Östersund"] = "G_OMLOKALISERADE",
    };
}
