using System.Globalization;
using Microsoft.Playwright;
using Survey.Reports.Goals;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Web;

/// <summary>
/// The upload page's mapping step in a real browser: an export whose tool names three questions its own way is held
/// back before anything is stored; the admin maps the headings to questions (two with the instrument's codes, one
/// without, whose values then need their answers), saves the mapping as an export profile, and uploads with it. The
/// wave then holds exactly what the unrenamed export gives, and G_DISTANS is the share counted from the file itself.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class MappingPageTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const int Respondents = 40;

    /// <summary>A codes export with three headings in a tool's own words: nothing matches them.</summary>
    public static readonly (string Code, string Heading)[] Renamed =
        [("B_KON", "Kön (HR-kod)"), ("D_DAGAR", "Distansdagar per vecka"), ("D_HUBB", "Hubb i hemkommunen")];

    public static async Task<string> WriteToolExportAsync(TestDatabase db, string path, int respondents, int seed)
    {
        await Seed.WriteExportAsync(db.DataSource, path, respondents, seed);
        var text = await File.ReadAllTextAsync(path);
        var end = text.IndexOf('\n', StringComparison.Ordinal); // the header row: codes, no quotes
        var header = string.Join(',', text[..end].Split(',').Select(h => Renamed.FirstOrDefault(r => r.Code == h).Heading ?? h));
        await File.WriteAllTextAsync(path, header + text[end..]);
        return path;
    }

    [Fact]
    public async Task An_admin_maps_unmatched_headings_and_values_saves_them_as_a_profile_and_uploads_with_it()
    {
        await Survey.Scheduler.Accounts.Accounts.AddAsync(db.DataSource, "admin", "admin", SurveyWebFactory.Password, replace: false, default);
        var work = Directory.CreateTempSubdirectory("survey-mapping-").FullName;
        var original = Path.Combine(work, "original.csv");
        await Seed.WriteExportAsync(db.DataSource, original, Respondents, seed: 7);
        var (reference, wave) = (await NewWaveAsync(db), await NewWaveAsync(db));
        await IngestAsync(db, await File.ReadAllBytesAsync(original), reference);
        var export = await WriteToolExportAsync(db, Path.Combine(work, "verktyg.csv"), Respondents, seed: 7);

        await using var host = await RunningHost.StartAsync(db.ConnectionString, Path.Combine(work, "data"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(Browser.Site(host))).NewPageAsync();
        await Browser.LogInAsync(page, "admin");
        await UploadHeldBackAsync(page, wave, export);

        // The preview says what is missing.
        var main = await page.InnerTextAsync("main");
        Assert.Contains("Filen saknar 3 av mätningens 28 frågor: B_KON, D_DAGAR, D_HUBB.", main);
        Assert.Contains($"Rader: {Respondents + 1} lästa, varav 1 rubrikrader och {Respondents} datarader. Ingenting är sparat ännu.", main);

        foreach (var (code, heading) in Renamed)
        {
            var row = Row(page, heading);
            await row.Locator("select").SelectOptionAsync(code);
            if (code != "D_HUBB")
                await row.Locator("input[type=checkbox]").CheckAsync();
        }
        await page.FillAsync("#profile-name", "Eget verktyg");
        await page.ClickAsync("button:has-text('Spara mappningen')");
        await page.WaitForSelectorAsync("text=Mappningen är sparad i exportprofilen \"Eget verktyg\"");

        await page.ScreenshotAsync(new() { Path = Browser.Artefact("mapping-page.png"), FullPage = true });

        // The heading now reads as D_HUBB, whose numbers have no key yet: each value gets its answer.
        var values = Row(page, "Hubb i hemkommunen").Locator("li:has(select)");
        Assert.Equal(3, await values.CountAsync());
        for (var i = 0; i < 3; i++)
        {
            var value = await values.Nth(i).Locator("input[name$='.Value']").InputValueAsync();
            Assert.Contains("sifferkod utan nyckel", await values.Nth(i).InnerTextAsync());
            await values.Nth(i).Locator("select").SelectOptionAsync(value); // the tool's 1 is our 1 Ja, and so on
        }
        Assert.Equal("Eget verktyg", await page.InputValueAsync("#profile-name"));
        await page.ClickAsync("button:has-text('Spara mappningen')");
        await page.WaitForSelectorAsync("text=Alla kolumner går att läsa.");
        Assert.Contains("\"2\" → 2 Nej", (await Row(page, "Hubb i hemkommunen").InnerTextAsync()).Replace('”', '"'));

        await page.ClickAsync("button:has-text('Ladda upp med exportprofilen Eget verktyg')");
        await page.WaitForSelectorAsync(".status.accepted", new() { Timeout = 60_000 });
        Assert.Contains($"nya: {Respondents}", await page.InnerTextAsync("main"));

        Assert.Equal(await Survey.Tests.Ingest.Samples.WaveContentAsync(db, reference), await Survey.Tests.Ingest.Samples.WaveContentAsync(db, wave));
        var distans = (await GoalOutcomes.ComputeAsync(db.DataSource, GoalSelection.ForWave(wave), default)).Goals.Single(g => g.Code == "G_DISTANS");
        Assert.Equal(await DistansFromFileAsync(original), (distans.N, distans.Outcome));

        // Both saves and the upload are in the audit log, with what was mapped.
        Assert.Equal(["profile-change", "profile-change", "upload"], (await ScalarAsync<string>(db,
            "SELECT string_agg(action, ',' ORDER BY id) FROM audit_event WHERE action IN ('profile-change', 'upload')")).Split(','));
        Assert.Equal(1, await ScalarAsync<long>(db,
            "SELECT count(*) FROM audit_event WHERE action = 'profile-change' AND detail LIKE '%D_HUBB \"2\" betyder 2%'"));

        // The next file from the same tool loads without the step.
        var next = await NewWaveAsync(db);
        await page.GotoAsync("/Admin/Uploads");
        await page.SelectOptionAsync("select[name=wave]", next);
        await page.SelectOptionAsync("select[name=profile]", "Eget verktyg");
        await page.SetInputFilesAsync("input[name=file]", export);
        await page.ClickAsync("button:has-text('Ladda upp')");
        await page.WaitForSelectorAsync(".status.accepted", new() { Timeout = 60_000 });
        Assert.Equal(await Survey.Tests.Ingest.Samples.WaveContentAsync(db, reference), await Survey.Tests.Ingest.Samples.WaveContentAsync(db, next));

        // The profile is removed on the uploads page, audited; the uploads read with it keep their results.
        await page.GotoAsync("/Admin/Uploads");
        await page.ClickAsync("button:has-text('Ta bort'):has-text('Eget verktyg')");
        await page.WaitForSelectorAsync("text=Borttagen exportprofil \"Eget verktyg\" med 3 rubrikalias och 3 värdealias.");
        Assert.Equal(0, await page.Locator("select[name=profile] option[value='Eget verktyg']").CountAsync());
        Assert.Equal(1, await ScalarAsync<long>(db,
            "SELECT count(*) FROM audit_event WHERE action = 'profile-change' AND actor = 'admin' AND detail LIKE 'Borttagen exportprofil%'"));
        Assert.Equal(await Survey.Tests.Ingest.Samples.WaveContentAsync(db, reference), await Survey.Tests.Ingest.Samples.WaveContentAsync(db, next));
        Directory.Delete(work, recursive: true);
    }

    /// <summary>A tool whose layout we could not look up, writing its own variable names: no row looks like a header,
    /// so the page shows the first row as the headings; each is mapped to its question, and the file loads.</summary>
    [Fact]
    public async Task An_export_whose_headings_nothing_matches_is_mapped_column_by_column_on_the_page()
    {
        const int respondents = 12;
        await Survey.Scheduler.Accounts.Accounts.AddAsync(db.DataSource, "admin-okant", "admin", SurveyWebFactory.Password, replace: false, default);
        var work = Directory.CreateTempSubdirectory("survey-unknown-").FullName;
        var original = Path.Combine(work, "original.csv");
        await Seed.WriteExportAsync(db.DataSource, original, respondents, seed: 11);
        var (reference, wave) = (await NewWaveAsync(db), await NewWaveAsync(db));
        await IngestAsync(db, await File.ReadAllBytesAsync(original), reference);
        var text = await File.ReadAllTextAsync(original);
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var codes = text[..end].Split(',')[2..];
        var export = Path.Combine(work, "okant.csv");
        await File.WriteAllTextAsync(export, string.Join(',', ["Svars-ID", "Inskickad", .. codes.Select((_, i) => $"Variabel {i + 1}")]) + text[end..]);

        await using var host = await RunningHost.StartAsync(db.ConnectionString, Path.Combine(work, "data"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(Browser.Site(host))).NewPageAsync();
        await Browser.LogInAsync(page, "admin-okant");
        await UploadHeldBackAsync(page, wave, export);
        Assert.Contains(Survey.Ingest.Profiles.ImportPreview.NoHeaderRecognised, await page.InnerTextAsync("main"));
        for (var i = 0; i < codes.Length; i++)
        {
            var row = Row(page, $"Variabel {i + 1}");
            await row.Locator("select").SelectOptionAsync(codes[i]);
            await row.Locator("input[type=checkbox]").CheckAsync();
        }
        await page.FillAsync("#profile-name", "Okänt verktyg");
        await page.ClickAsync("button:has-text('Spara mappningen')");
        await page.WaitForSelectorAsync("text=Alla kolumner går att läsa.");
        await page.ClickAsync("button:has-text('Ladda upp med exportprofilen Okänt verktyg')");
        await page.WaitForSelectorAsync(".status.accepted", new() { Timeout = 60_000 });
        Assert.Equal(await Survey.Tests.Ingest.Samples.WaveContentAsync(db, reference), await Survey.Tests.Ingest.Samples.WaveContentAsync(db, wave));
        Directory.Delete(work, recursive: true);
    }

    /// <summary>Uploads the file on the uploads page and checks it is held back on the mapping page, nothing stored.</summary>
    private async Task UploadHeldBackAsync(IPage page, string wave, string export)
    {
        await page.GotoAsync("/Admin/Uploads");
        await page.SelectOptionAsync("select[name=wave]", wave);
        await page.SetInputFilesAsync("input[name=file]", export);
        var before = await DataSnapshotAsync(db);
        await page.ClickAsync("button:has-text('Ladda upp')");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Admin/Mapping"));
        Assert.Equal(before, await DataSnapshotAsync(db));
    }

    private static ILocator Row(IPage page, string heading) => page.Locator($"tr:has(th:text-is('{heading}'))");

    /// <summary>G_DISTANS counted from the CSV: respondents with D_DAGAR ≥ 1 among those who answered it.</summary>
    private static async Task<(long?, double?)> DistansFromFileAsync(string path)
    {
        await using var file = File.OpenRead(path);
        using var reader = CsvHelper.CsvReader.Create(file, CsvHelper.CsvReaderOptions.Default with { HasHeader = false });
        var days = new List<decimal>();
        reader.Read();
        var column = Enumerable.Range(0, reader.FieldCount).Single(i => reader.GetString(i) == "D_DAGAR");
        while (reader.Read())
            if (reader.GetString(column) is { Length: > 0 } value)
                days.Add(decimal.Parse(value, CultureInfo.InvariantCulture));
        return (days.Count, days.Count(d => d >= 1) / (double)days.Count);
    }
}
