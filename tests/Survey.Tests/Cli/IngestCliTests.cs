using System.Text.Json;

namespace Survey.Tests.Cli;

public sealed class IngestCliTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private static async Task InTempFolderAsync(Func<string, Task> test)
    {
        var dir = Directory.CreateTempSubdirectory("survey-cli-");
        try
        {
            await test(dir.FullName);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public Task Sample_then_ingest_with_json_exits_0_and_prints_the_result() => InTempFolderAsync(async dir =>
    {
        var file = Path.Combine(dir, "v16.xlsx");
        var (exit, _, error) = await CliTests.RunAsync(db, "sample", "--respondents", "40", "--shape", "forms-xlsx", "--seed", "3", "--out", file);
        Assert.True(exit == 0, error);
        (exit, var output, error) = await CliTests.RunAsync(db, "ingest", file, "--wave", "V16-2021", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("accepted", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(40, json.RootElement.GetProperty("inserted").GetInt32());
        Assert.Equal(["file", "wave", "status", "rows", "inserted", "updated", "unchanged", "ignoredColumns", "problems",
                "headerRows", "stored", "leftOut", "warnings", "newAdministrations", "newUnits"],
            json.RootElement.EnumerateObject().Select(p => p.Name));

        (exit, output, _) = await CliTests.RunAsync(db, "ingest", file, "--wave", "V16-2021");
        Assert.Equal(0, exit);
        Assert.Contains("Rader: 42 lästa, varav 2 rubrikrader och 40 datarader", output); // the title row and the header
        Assert.Contains("Sparade: 40 (nya: 0, ändrade: 0, oförändrade: 40)", output);
    });

    [Fact]
    public Task A_file_whose_every_row_is_skipped_exits_2_even_with_skip_invalid_rows() => InTempFolderAsync(async dir =>
    {
        var file = Path.Combine(dir, "alla-fel.csv");
        await File.WriteAllTextAsync(file, "B_FORV;B_ENHET;B_KON\nRS;RS-0100;Kvinnlig\nRS;RS-0100;Manlig\n");
        var wave = await Survey.Tests.Ingest.IngestFixture.NewWaveAsync(db);
        var before = await Survey.Tests.Ingest.IngestFixture.DataSnapshotAsync(db);
        var (exit, output, _) = await CliTests.RunAsync(db, "ingest", file, "--wave", wave, "--skip-invalid-rows",
            "--allow-missing-questions", "--json");
        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(("rejected", 2, 0), (json.RootElement.GetProperty("status").GetString(),
            json.RootElement.GetProperty("rows").GetInt32(), json.RootElement.GetProperty("stored").GetInt32()));
        Assert.Equal("Ingen rad sparades: alla 2 rader hade fel. Rätta filen och ladda upp den igen.",
            json.RootElement.GetProperty("problems")[0].GetProperty("message").GetString());
        Assert.Equal(before, await Survey.Tests.Ingest.IngestFixture.DataSnapshotAsync(db));
    });

    [Fact]
    public Task A_rejected_file_exits_2_with_the_report_and_one_line_on_stderr() => InTempFolderAsync(async dir =>
    {
        var file = Path.Combine(dir, "bad.csv");
        await File.WriteAllTextAsync(file, "B_FORV;B_ENHET;B_KON\nRS;RS-0100;Kvinnlig\n");
        var (exit, output, error) = await CliTests.RunAsync(db, "ingest", file, "--wave", "V16-2021", "--allow-missing-questions");
        Assert.Equal(2, exit);
        Assert.Contains("Rad 2, kolumn \"B_KON\", värde \"Kvinnlig\"", output);
        Assert.Contains("VARNING: Filen saknar 25 av mätningens 28 frågor: B_ALDER, B_CHEF,", output);
        Assert.Single(error.Trim().Split('\n'));
    });

    [Fact]
    public Task Headcount_and_indicators_commands_load_their_samples() => InTempFolderAsync(async dir =>
    {
        var headcount = Path.Combine(dir, "hc.csv");
        var indicators = Path.Combine(dir, "ind.csv");
        Assert.Equal(0, (await CliTests.RunAsync(db, "sample", "--kind", "headcount", "--respondents", "100", "--out", headcount)).Exit);
        Assert.Equal(0, (await CliTests.RunAsync(db, "sample", "--kind", "indicators", "--out", indicators)).Exit);
        Assert.Equal(0, (await CliTests.RunAsync(db, "headcount", headcount, "--wave", "V16-2021")).Exit);
        var (exit, output, _) = await CliTests.RunAsync(db, "indicators", indicators, "--dry-run");
        Assert.Equal(0, exit);
        Assert.Contains("provkörning", output);
    });

    [Fact]
    public async Task A_missing_file_is_a_users_mistake()
    {
        var (exit, _, error) = await CliTests.RunAsync(db, "ingest", "/nonexistent/export.csv", "--wave", "V16-2021");
        Assert.Equal(2, exit);
        Assert.Equal("error: Filen /nonexistent/export.csv finns inte.", error.Trim());
    }
}
