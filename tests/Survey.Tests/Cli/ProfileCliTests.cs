using Dapper;
using Survey.Ingest.Exports;
using Survey.Ingest.Sample;
using Survey.Tests.Ingest;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Cli;

/// <summary>
/// The mapping step on the command line: a Qualtrics export with numeric recodes is refused (its codes have no key),
/// the preview says which columns need a mapping, the mapping is saved as aliases of an export profile by command,
/// and then the same file loads with the same respondents and goals as the codes export.
/// </summary>
public sealed class ProfileCliTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string Profile = "Qualtrics, sifferkoder";

    [Fact]
    public async Task A_numeric_qualtrics_export_loads_after_its_mapping_is_saved_by_command()
    {
        var dir = Directory.CreateTempSubdirectory("survey-profile-");
        try
        {
            var file = Path.Combine(dir.FullName, "qualtrics.csv");
            await File.WriteAllBytesAsync(file, await Samples.ExportAsync(db, SampleShape.QualtricsNumeric, 60, 5));
            var (codesWave, toolWave) = (await NewWaveAsync(db), await NewWaveAsync(db));
            await IngestAsync(db, await Samples.ExportAsync(db, SampleShape.Codes, 60, 5), codesWave);

            var before = await DataSnapshotAsync(db);
            var (exit, output, err) = await CliTests.RunAsync(db, "ingest", file, "--wave", toolWave);
            Assert.True(exit == 2, output + err);
            Assert.Contains("kolumn \"Förvaltning\", värde \"2\": Sifferkoder utan nyckel", output);
            Assert.Equal(before, await DataSnapshotAsync(db));

            (exit, output, _) = await CliTests.RunAsync(db, "ingest", file, "--wave", toolWave, "--preview");
            Assert.Equal(0, exit);
            Assert.Contains("(3 rubrikrader, 62 datarader lästa; ingenting sparas)", output);
            Assert.Contains("Utelämnas: 2 rader räknas inte som svarande: 1 förhandsgranskning eller test i enkätverktyget (Status), " +
                            "1 ofullständigt svar (Finished = 0, eller ingen submitdate)", output);
            Assert.Contains("\"Kön\" → B_KON Kön (frågetext): \"1\" → sifferkod utan nyckel", output);
            Assert.Contains($"\"{ToolLayouts.MatrixStem} - Digitala möten fungerar bra i mitt arbete\" → A_MOTEN", output);
            Assert.Contains("\"RecipientEmail\" → personuppgift: läses inte och sparas aldrig", output);
            Assert.DoesNotContain("@regionjh.se", output);
            Assert.Contains("Behöver mappas: kolumn 18 \"Förvaltning\"", output);

            // The codebook: each option's recode is its position in the question's list.
            var instrument = await LoadAsync();
            for (var i = 0; i < instrument.Administrations.Count; i++)
                Assert.Equal(0, (await CliTests.RunAsync(db, "profile", "value", Profile, "--question", "B_FORV",
                    "--value", $"{i + 1}", "--answer", instrument.Administrations[i].Code)).Exit);
            foreach (var (question, labels) in instrument.Labels)
            {
                var codes = labels.Keys.ToList();
                for (var i = 0; i < codes.Count; i++) // the scales' steps too: a recode is not read as a step unmapped
                    Assert.Equal(0, (await CliTests.RunAsync(db, "profile", "value", Profile, "--question", question,
                        "--value", $"{i + 1}", "--answer", labels[codes[i]])).Exit);
            }
            // The remote days are typed numbers in this survey, not a list with recodes: the column says so.
            foreach (var code in new[] { "D_DAGAR", "D_ONSKAT" })
                Assert.Equal(0, (await CliTests.RunAsync(db, "profile", "alias", Profile, "--column",
                    instrument.Questions.Single(q => q.Code == code).Text, "--question", code, "--codes")).Exit);
            (exit, output, _) = await CliTests.RunAsync(db, "profile", "list");
            Assert.Equal(Profile, output.Trim());

            (exit, output, _) = await CliTests.RunAsync(db, "ingest", file, "--wave", toolWave, "--preview", "--profile", Profile);
            Assert.Contains("\"1\" → 1 Kvinna", output);
            Assert.Contains("Alla kolumner går att läsa.", output);
            (exit, output, var error) = await CliTests.RunAsync(db, "ingest", file, "--wave", toolWave, "--profile", Profile);
            Assert.True(exit == 0, output + error);
            Assert.Equal(await ContentAsync(codesWave), await ContentAsync(toolWave));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_header_alias_names_a_column_that_nothing_matches()
    {
        var wave = await NewWaveAsync(db);
        var csv = Csv(',', "\n", ["Svars-ID", "B_FORV", "B_ENHET", "Q7", "Q8"], ["1", "HSF", "HSF-0001", "2", "1"]);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, csv);
            Assert.Equal(0, (await CliTests.RunAsync(db, "profile", "alias", "Eget verktyg", "--column", "Q7", "--question", "B_KON", "--codes")).Exit);
            Assert.Equal(0, (await CliTests.RunAsync(db, "profile", "alias", "Eget verktyg", "--column", "Q8", "--question", "B_CHEF")).Exit);
            var (exit, output, _) = await CliTests.RunAsync(db, "ingest", file, "--wave", wave, "--profile", "Eget verktyg", "--allow-missing-questions");
            // Q7 uses the instrument's codes (so 2 is Man); Q8 is aliased without them, so its 1 has no key.
            Assert.Equal(2, exit);
            Assert.Contains("kolumn \"Q8\", värde \"1\": Sifferkoder utan nyckel", output);
            Assert.Equal(0, (await CliTests.RunAsync(db, "profile", "value", "Eget verktyg", "--question", "B_CHEF", "--value", "1", "--answer", "Ja")).Exit);
            (exit, output, _) = await CliTests.RunAsync(db, "ingest", file, "--wave", wave, "--profile", "Eget verktyg", "--allow-missing-questions");
            Assert.True(exit == 0, output);
            (exit, output, _) = await CliTests.RunAsync(db, "profile", "show", "Eget verktyg");
            Assert.Equal(["rubrik \"q7\" är B_KON (instrumentets koder)", "rubrik \"q8\" är B_CHEF", "B_CHEF \"1\" betyder 1"],
                output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(Answers(("B_FORV", 2), ("B_KON", 2), ("B_CHEF", 1)), (await RespondentsAsync(db, wave)).Single().Answers);

            var (badExit, _, badError) = await CliTests.RunAsync(db, "profile", "value", "Eget verktyg", "--question", "B_CHEF", "--value", "3", "--answer", "Kanske");
            Assert.Equal(2, badExit);
            Assert.StartsWith("error: Ogiltigt svar för B_CHEF", badError);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_profile_is_removed_by_command_audited_and_kept_while_an_upload_waits_for_it()
    {
        const string name = "Gammalt verktyg";
        var wave = await NewWaveAsync(db);
        Assert.Equal(0, (await CliTests.RunAsync(db, "profile", "alias", name, "--column", "Q7", "--question", "B_KON", "--codes")).Exit);
        Assert.Equal(0, (await CliTests.RunAsync(db, "profile", "value", name, "--question", "B_CHEF", "--value", "1", "--answer", "Ja")).Exit);
        var csv = System.Text.Encoding.UTF8.GetBytes(Csv(',', "\n", ["Svars-ID", "B_FORV", "B_ENHET", "Q7"], ["1", "HSF", "HSF-0001", "2"]));

        // A web upload still waiting for its job is read with the profile: the profile stays until it is read.
        long pending;
        using (var content = new MemoryStream(csv))
            pending = await Survey.Ingest.Uploads.PendingUploads.CreateAsync(db.DataSource, Survey.Ingest.Uploads.UploadKind.Survey,
                wave, "väntar.csv", content, "admin", long.MaxValue, false, default, allowMissingQuestions: true, name);
        var (exit, _, error) = await CliTests.RunAsync(db, "profile", "remove", name);
        Assert.Equal(2, exit);
        Assert.Equal($"error: Exportprofilen \"{name}\" används av en uppladdning som ännu inte är inläst (väntar.csv). " +
                     "Ta bort den när uppladdningen är klar.", error.Trim());

        var done = await Survey.Ingest.Uploads.PendingUploads.ProcessAsync(db.DataSource, pending, default);
        Assert.True(done.IsAccepted);
        (exit, var output, error) = await CliTests.RunAsync(db, "profile", "remove", name);
        Assert.True(exit == 0, error);
        Assert.Equal($"Borttagen exportprofil \"{name}\" med 1 rubrikalias och 1 värdealias.", output.Trim());
        Assert.DoesNotContain(name, (await CliTests.RunAsync(db, "profile", "list")).Out);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        // The upload read with it keeps its result; the removal is in the audit log with who did it.
        Assert.Equal("accepted", await connection.ExecuteScalarAsync<string>("SELECT status FROM upload WHERE id = @pending", new { pending }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM export_profile_header h JOIN export_profile p ON p.id = h.profile_id WHERE p.name = @name", new { name }));
        Assert.StartsWith("cli:", await connection.ExecuteScalarAsync<string>(
            "SELECT actor FROM audit_event WHERE action = 'profile-change' AND detail = @detail",
            new { detail = $"Borttagen exportprofil \"{name}\" med 1 rubrikalias och 1 värdealias." }));

        (exit, _, error) = await CliTests.RunAsync(db, "profile", "remove", name);
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: Okänd exportprofil: {name}.", error);
    }

    private async Task<UploadVocabulary> LoadAsync()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await UploadVocabulary.LoadAsync(connection, default);
    }

    private async Task<List<string>> ContentAsync(string wave)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>("""
            SELECT concat_ws('|', unit_code, submitted_at, answers, free_text) FROM respondent r JOIN wave w ON w.id = r.wave_id
            WHERE w.code = @wave ORDER BY 1
            """, new { wave })).ToList();
    }
}
