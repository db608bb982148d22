using System.Text.Json;
using Survey.Tests.Cli;
using Survey.Tests.Reports.Workbooks;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Catalogue;

/// <summary>
/// 2021 → 2022 → a pulse, as an administrator runs it from the CLI without SQL: the 2022 wave reorganises unit
/// RS-0001 from Regionstab to Hälso- och sjukvårdsförvaltningen and brings a new administration (Patientnämndens
/// kansli, 4 respondents); the pulse asks five questions. Every outcome below is counted by hand from the rows.
/// </summary>
public sealed class FollowUpTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    internal const string Header = "Svars-ID;B_FORV;B_ENHET;B_KON;D_DAGAR;D_AVTAL;D_ONSKAT;A_ATERHAMTNING";

    // D_DAGAR ≥ 1: rows 1, 3, 6, 8, 9 of 9 answered = 55.6 %; D_AVTAL = Ja among them: 1, 6, 9 of 5 = 60 %;
    // D_ONSKAT ≥ 1: 1, 3, 4, 6, 8, 9 of 9 = 66.7 %; A_ATERHAMTNING ≥ 5: 1, 3, 5, 6, 8 of 8 (9 is Vet ej) = 62.5 %.
    internal const string Export2021 = Header + """

        1;RS;RS-0001;1;2;1;2;5
        2;RS;RS-0001;2;0;;0;4
        3;RS;RS-0001;1;1;2;1;6
        4;HSF;HSF-0001;1;0;;1;3
        5;HSF;HSF-0001;2;0,5;;0;5
        6;HSF;HSF-0001;1;3;1;3;6
        7;HSF;HSF-0002;1;0;;0;2
        8;RU;RU-0001;2;2,5;3;2;5
        9;RU;RU-0001;1;1;1;1;9
        10;RU;RU-0001;2;;;;

        """;

    // D_DAGAR ≥ 1: 1, 2, 4, 6, 7, 9, 10, 12, 14 of 15 = 60 % (HSF 4 of 6 = 66.7 %; RS 3 of 5 and the new
    // administration's 4 hidden); D_AVTAL = Ja: 1, 2, 6, 7, 9, 12, 14 of 9 = 77.8 %; D_ONSKAT ≥ 1: 11 of 15 = 73.3 %;
    // A_ATERHAMTNING ≥ 5: 1, 2, 4, 6, 8, 9, 12, 14, 15 of 15 = 60 %.
    internal const string Export2022 = Header + """

        1;HSF;RS-0001;1;2;1;2;5
        2;HSF;RS-0001;2;1;1;1;5
        3;HSF;HSF-0001;1;0;;0;4
        4;HSF;HSF-0001;2;3;2;3;6
        5;HSF;HSF-0001;1;0;;0;3
        6;HSF;HSF-0001;2;1;1;1;5
        7;RS;RS-0002;1;1;1;2;2
        8;RS;RS-0002;2;0;;1;5
        9;RS;RS-0002;1;4;1;4;6
        10;RS;RS-0002;1;1;3;1;3
        11;RS;RS-0002;2;0;;0;4
        12;Patientnämndens kansli;PNK-01;1;1;1;1;5
        13;Patientnämndens kansli;PNK-01;2;0;;0;4
        14;Patientnämndens kansli;PNK-01;1;2;1;2;6
        15;Patientnämndens kansli;PNK-01;2;0;;1;5

        """;

    // 15 respondents of 3 + 6 + 8 + 5 = 22 employees = 68.2 %.
    internal const string Headcount2022 = """
        Enhet;Förvaltning;Antal anställda
        RS-0001;HSF;3
        HSF-0001;Hälso- och sjukvårdsförvaltningen;6
        RS-0002;RS;8
        PNK-01;Patientnämndens kansli;5

        """;

    // The pulse asks B_KON, D_DAGAR, D_AVTAL, D_ONSKAT, A_ATERHAMTNING; A_MOTEN is not in it. D_DAGAR ≥ 1: 1, 3, 4, 6
    // of 6 = 66.7 %; D_AVTAL has 4 answers (hidden); D_ONSKAT ≥ 1: 5 of 6 = 83.3 %; A_ATERHAMTNING ≥ 5: 1, 2, 4, 5
    // of 6 = 66.7 %.
    internal const string ExportPulse = Header + ";A_MOTEN" + """

        1;HSF;RS-0001;1;1;1;1;5;4
        2;HSF;HSF-0001;2;0;;0;6;4
        3;RS;RS-0002;1;2;2;2;4;5
        4;RS;RS-0002;2;3;1;3;5;5
        5;Patientnämndens kansli;PNK-01;1;0;;1;6;3
        6;HSF;HSF-0001;1;1;1;2;2;2

        """;

    [Fact]
    public async Task An_administrator_runs_2021_then_2022_with_a_reorganisation_then_a_pulse_from_the_cli()
    {
        using var dir = new TempFolder();
        Assert.Equal(0, (await Cli(Ingest(dir, "2021.csv", Export2021, "V16-2021"))).Exit);
        var goals2021 = (await Cli("goals", "--wave", "V16-2021", "--json")).Out;
        AssertOutcomes(goals2021, ("G_DISTANS", 5 / 9.0, 9), ("G_AVTAL", 3 / 5.0, 5), ("G_HYBRID_VILJA", 6 / 9.0, 9),
            ("G_ATERHAMTNING", 5 / 8.0, 8));

        var (exit, output, error) = await Cli("waves", "add", "V16-2022", "--name", "V16 2022", "--from", "2022-04-18", "--to", "2022-04-24");
        Assert.True(exit == 0, error);
        Assert.Contains("Mätningen V16-2022 är skapad", output);
        (exit, output, error) = await Cli(Ingest(dir, "2022.csv", Export2022, "V16-2022"));
        Assert.True(exit == 0, error);
        Assert.Contains("Nya förvaltningar: Patientnämndens kansli (4 svar)", output);
        Assert.Contains("Nya enheter: RS-0002 (5 svar), PNK-01 (4 svar)", output);
        (exit, output, error) = await Cli("headcount", dir.Write("hc2022.csv", Headcount2022), "--wave", "V16-2022");
        Assert.True(exit == 0, error + output);
        Assert.DoesNotContain("Nya förvaltningar", output);

        var goals2022 = (await Cli("goals", "--wave", "V16-2022", "--json")).Out;
        AssertOutcomes(goals2022, ("G_DISTANS", 9 / 15.0, 15), ("G_AVTAL", 7 / 9.0, 9), ("G_HYBRID_VILJA", 11 / 15.0, 15),
            ("G_ATERHAMTNING", 9 / 15.0, 15), ("G_SVARSFREKVENS", 15 / 22.0, 15));
        var byAdministration = Goal(goals2022, "G_DISTANS").GetProperty("breakdowns").GetProperty("administration")
            .EnumerateArray().Select(g => (g.GetProperty("group").GetString(), g.GetProperty("suppressed").GetBoolean(),
                g.GetProperty("n").ValueKind == JsonValueKind.Null ? (long?)null : g.GetProperty("n").GetInt64())).ToList();
        // HSF is hidden with its family: its 4 answers to D_AVTAL (rows 1, 2, 4, 6) and G_AVTAL's 4 are hidden, and
        // G_DISTANS's 4 remote workers in HSF would bound them, so every table of D_DAGAR and D_AVTAL hides HSF.
        Assert.Equal([("Regionstab", true, null), ("Hälso- och sjukvårdsförvaltningen", true, null), ("Patientnämndens kansli", true, null)],
            byAdministration);

        (exit, _, error) = await Cli("waves", "add", "V16-2022-10", "--name", "Puls oktober 2022", "--from", "2022-10-03",
            "--to", "2022-10-09", "--questions", "B_KON,D_DAGAR,D_AVTAL,D_ONSKAT,A_ATERHAMTNING");
        Assert.True(exit == 0, error);
        (exit, output, error) = await Cli("ingest", dir.Write("puls.csv", ExportPulse), "--wave", "V16-2022-10");
        Assert.True(exit == 0, error);
        Assert.Contains("Ignorerade kolumner: A_MOTEN (ingår inte i mätningen)", output);
        Assert.DoesNotContain("saknar", output); // the pulse's file has every question the pulse asks
        Assert.Equal(0L, await ScalarAsync<long>(db,
            "SELECT count(*) FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = 'V16-2022-10' AND r.answers[15] IS NOT NULL"));

        var pulse = (await Cli("goals", "--wave", "V16-2022-10", "--json")).Out;
        AssertOutcomes(pulse, ("G_DISTANS", 4 / 6.0, 6), ("G_HYBRID_VILJA", 5 / 6.0, 6), ("G_ATERHAMTNING", 4 / 6.0, 6));
        Assert.True(Goal(pulse, "G_AVTAL").GetProperty("measured").GetBoolean());
        Assert.Equal(JsonValueKind.Null, Goal(pulse, "G_AVTAL").GetProperty("outcome").ValueKind);
        foreach (var code in new[] { "G_DIGITAL_INDEX", "G_HUBB_INTRESSE", "G_CHEF_UTBILDNING", "G_SPRIDNING" })
        {
            Assert.False(Goal(pulse, code).GetProperty("measured").GetBoolean(), code);
            Assert.Equal(JsonValueKind.Null, Goal(pulse, code).GetProperty("outcome").ValueKind);
        }
        var table = (await Cli("goals", "--wave", "V16-2022-10")).Out;
        Assert.Matches(@"G_DIGITAL_INDEX\s+4,50\s+–\s+ej mätt", table);

        // The board report of November 2022 uses the pulse (the latest wave ended by then) and says so.
        var board = Path.Combine(dir.Path, "board.xlsx");
        (exit, _, error) = await Cli("report", "board", "--period", "2022-11", "--out", board);
        Assert.True(exit == 0, error);
        using (var workbook = new WorkbookReader(await File.ReadAllBytesAsync(board)))
        {
            var rows = workbook.Rows("Måltabell");
            Assert.Contains("(mätning V16-2022-10)", rows[0]["A"]);
            Assert.Equal("ej mätt", rows.Single(r => r.GetValueOrDefault("B") == "God digital arbetsmiljö")["E"]);
        }
        // May 2022's report shows the new administration, hidden as a group under 5.
        (exit, _, error) = await Cli("report", "board", "--period", "2022-05", "--out", board);
        Assert.True(exit == 0, error);
        using (var workbook = new WorkbookReader(await File.ReadAllBytesAsync(board)))
            Assert.Contains(workbook.Rows("Förvaltning"), r => r.GetValueOrDefault("B") == "Patientnämndens kansli"
                && r["A"] == "Fler medarbetare arbetar på distans" && r["C"] == "–" && r["E"] == "färre än 5 svar");

        Assert.Equal(goals2021, (await Cli("goals", "--wave", "V16-2021", "--json")).Out);
        Assert.Contains("V16-2022-10    Puls oktober 2022", (await Cli("waves")).Out);
    }

    [Fact]
    public async Task A_unit_under_two_administrations_in_one_waves_files_is_a_row_problem_a_move_between_waves_is_not_and_a_misfiled_unit_is_moved_in_its_wave()
    {
        using var dir = new TempFolder();
        Assert.Equal(0, (await Cli("waves", "add", "T-MOVE", "--name", "Flytt", "--from", "2023-04-17", "--to", "2023-04-23")).Exit);
        var (exit, output, _) = await Cli(Ingest(dir, "move.csv", Header + "\n1;RU;RS-0001;1;1;1;1;5\n", "T-MOVE"));
        Assert.Equal(0, exit);
        (exit, output, _) = await Cli("headcount", dir.Write("hc.csv", "Enhet;Förvaltning;Antal anställda\nRS-0001;RS;4\n"), "--wave", "T-MOVE");
        Assert.Equal(2, exit);
        Assert.Contains("Enheten RS-0001 hör i den här mätningen till Regional utveckling, inte till Regionstab.", output);

        // The export misfiled the unit: moved in this wave only, its respondent goes with it, and the headcount loads.
        var error = "";
        (exit, output, error) = await Cli("org", "move-unit", "rs-0001", "--wave", "T-MOVE", "--to", "Regionstab");
        Assert.True(exit == 0, error);
        Assert.Contains("Enheten RS-0001 hör nu till Regionstab i T-MOVE, inte till Regional utveckling: 1 svar räknas där.", output);
        Assert.Equal(await ScalarAsync<short>(db, "SELECT id FROM administration WHERE code = 'RS'"), await ScalarAsync<short>(db,
            "SELECT r.answers[1] FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = 'T-MOVE' AND r.unit_code = 'RS-0001'"));
        Assert.Equal(0, (await Cli("headcount", dir.Write("hc.csv", "Enhet;Förvaltning;Antal anställda\nRS-0001;RS;4\n"), "--wave", "T-MOVE")).Exit);
        Assert.Matches(@"Regionstab\s+RS-0001\s+1\s+4", (await Cli("org", "list", "--wave", "T-MOVE")).Out);
        // The misfiled file is now the one refused; the corrected one changes nothing.
        (exit, output, _) = await Cli(Ingest(dir, "move.csv", Header + "\n1;RU;RS-0001;1;1;1;1;5\n", "T-MOVE"));
        Assert.Equal(2, exit);
        Assert.Contains("Enheten RS-0001 hör i den här mätningen till Regionstab, inte till Regional utveckling.", output);
        (exit, output, _) = await Cli(Ingest(dir, "move.csv", Header + "\n1;RS;RS-0001;1;1;1;1;5\n", "T-MOVE"));
        Assert.Equal(0, exit);
        Assert.Contains("(nya: 0, ändrade: 0, oförändrade: 1)", output);
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM wave_unit wu JOIN wave w ON w.id = wu.wave_id WHERE w.code = 'V16-2021' AND wu.unit_code = 'RS-0001' AND wu.administration_id <> (SELECT id FROM administration WHERE code = 'RS')"));

        (exit, _, error) = await Cli("org", "move-unit", "RS-0001", "--wave", "T-MOVE", "--to", "RS");
        Assert.Equal((2, "error: Enheten RS-0001 hör redan till Regionstab i T-MOVE."), (exit, error.Trim()));
        (exit, _, error) = await Cli("org", "move-unit", "HSF-0001", "--wave", "T-MOVE", "--to", "RS");
        Assert.Equal((2, "error: Enheten HSF-0001 finns inte i T-MOVE."), (exit, error.Trim()));
    }

    [Fact]
    public async Task Wave_mistakes_exit_2_with_swedish_messages_and_a_wave_is_removed_only_while_empty()
    {
        var (exit, _, error) = await Cli("waves", "add", "V16-2024", "--name", "V16 2024", "--from", "2024-04-22", "--to", "2024-04-15");
        Assert.Equal((2, "error: Slutdatum 2024-04-15 är före startdatum 2024-04-22."), (exit, error.Trim()));
        (exit, _, error) = await Cli("waves", "add", "V16-2024", "--name", "V16 2024", "--from", "22 april", "--to", "2024-04-28",
            "--questions", "D_DAGAR,X_FINNS_INTE");
        Assert.Equal(2, exit);
        Assert.Equal("error: Ogiltigt startdatum \"22 april\": ange ÅÅÅÅ-MM-DD, t.ex. 2022-04-18. Okänd fråga: X_FINNS_INTE. " +
                     "Ange frågekoder ur instrumentet (se survey instrument show) eller \"all\".", error.Trim());
        (exit, _, error) = await Cli("waves", "add", "V16-2021", "--name", "Igen", "--from", "2021-04-19", "--to", "2021-04-25");
        Assert.Equal((2, "error: Mätningen V16-2021 finns redan."), (exit, error.Trim()));

        Assert.Equal(0, (await Cli("waves", "add", "V16-2024", "--name", "V16 2024", "--from", "2024-04-22", "--to", "2024-04-28",
            "--questions", "d_dagar")).Exit);
        var (_, shown, _) = await Cli("waves", "show", "V16-2024");
        Assert.Contains("Frågor (3 av 28): B_FORV, B_ENHET, D_DAGAR", shown);
        Assert.Equal(0, (await Cli("waves", "edit", "V16-2024", "--questions", "all", "--to", "2024-04-29")).Exit);
        Assert.Contains("V16-2024       V16 2024                     2024-04-22 2024-04-29 alla", (await Cli("waves", "list")).Out);
        Assert.Equal(0, (await Cli("waves", "remove", "V16-2024")).Exit);
        Assert.DoesNotContain("V16-2024", (await Cli("waves")).Out);

        using var dir = new TempFolder();
        Assert.Equal(0, (await Cli("waves", "add", "T-FULL", "--name", "Med svar", "--from", "2025-04-21", "--to", "2025-04-27")).Exit);
        Assert.Equal(0, (await Cli(Ingest(dir, "one.csv", Header + "\n1;RS;RS-0009;1;1;1;1;5\n", "T-FULL"))).Exit);
        (exit, _, error) = await Cli("waves", "remove", "T-FULL");
        Assert.Equal((2, "error: Mätningen T-FULL har svar eller personalunderlag och kan inte tas bort."), (exit, error.Trim()));
        (exit, _, error) = await Cli("waves", "edit", "T-FULL", "--questions", "D_DAGAR");
        Assert.Equal((2, "error: Frågorna i T-FULL kan inte ändras: mätningen har redan 1 svar."), (exit, error.Trim()));
    }

    // The yearly waves' files carry a few of the instrument's questions: confirmed as meant.
    private static string[] Ingest(TempFolder dir, string name, string content, string wave) =>
        ["ingest", dir.Write(name, content), "--wave", wave, "--allow-missing-questions"];

    private Task<(int Exit, string Out, string Error)> Cli(params string[] args) => CliTests.RunAsync(db, args);

    internal static JsonElement Goal(string json, string code) =>
        JsonDocument.Parse(json).RootElement.GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("code").GetString() == code);

    internal static void AssertOutcomes(string json, params (string Code, double Outcome, long N)[] expected)
    {
        foreach (var (code, outcome, n) in expected)
        {
            var goal = Goal(json, code);
            Assert.Equal(outcome, goal.GetProperty("outcome").GetDouble(), 9);
            Assert.Equal(n, goal.GetProperty("n").GetInt64());
        }
    }
}

/// <summary>A folder for a test's files, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("survey-test-").FullName;

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
