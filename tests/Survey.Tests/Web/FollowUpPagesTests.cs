using Dapper;
using Microsoft.Playwright;
using Survey.Ingest.Uploads;
using Survey.Tests.Catalogue;
using static Survey.Tests.Catalogue.FollowUpTests;

namespace Survey.Tests.Web;

/// <summary>
/// 2021 → 2022 → a pulse through the pages alone, in a real browser: the yearly wave and the pulse are created on
/// Mätningar, their files uploaded on Uppladdningar, the new administration mended on Organisation (its refusals, a
/// unit's move among them, shown beside their fields, in the CLI's words) and a question added on Frågeformulär. The
/// goals are those FollowUpTests counts by hand from the same rows, and the 2021 figures do not move.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class FollowUpPagesTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task An_admin_runs_2021_then_2022_then_a_pulse_and_mends_the_organisation_and_instrument_on_the_pages()
    {
        await Survey.Scheduler.Accounts.Accounts.AddAsync(db.DataSource, "admin", "admin", SurveyWebFactory.Password, replace: false, default);
        await using (var baseline = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(FollowUpTests.Export2021)))
            Assert.True((await Ingestion.RunAsync(db.DataSource, new IngestRequest
            {
                Kind = UploadKind.Survey, FileName = "2021.csv", Content = baseline, WaveCode = "V16-2021", AllowMissingQuestions = true,
            }, null, default)).IsAccepted);
        using var work = new TempFolder();
        await using var host = await RunningHost.StartAsync(db.ConnectionString, Path.Combine(work.Path, "data"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(Browser.Site(host))).NewPageAsync();
        await Browser.LogInAsync(page, "admin");
        var goals2021 = await GoalsJsonAsync(page, "V16-2021");

        await CreateWaveAsync(page, "V16-2022", "V16 2022", "2022-04-18", "2022-04-24", "all");
        var result = await UploadAsync(page, "survey", "V16-2022", work.Write("2022.csv", FollowUpTests.Export2022), allowMissing: true);
        Assert.Contains("Nya förvaltningar: Patientnämndens kansli (4 svar)", result);
        Assert.Contains("Nya enheter: RS-0002 (5 svar), PNK-01 (4 svar)", result);
        await UploadAsync(page, "headcount", "V16-2022", work.Write("hc2022.csv", FollowUpTests.Headcount2022));

        // The organisation of 2022: RS-0001 moved to Hälso- och sjukvårdsförvaltningen, the new administration's unit.
        await page.ClickAsync("nav a:has-text('Organisation')");
        await page.SelectOptionAsync("#units-wave", "V16-2022");
        await page.ClickAsync("button:has-text('Visa enheterna')");
        Assert.Equal(["Hälso- och sjukvårdsförvaltningen HSF-0001 4 6", "Hälso- och sjukvårdsförvaltningen RS-0001 2 3",
                      "Patientnämndens kansli PNK-01 4 5", "Regionstab RS-0002 5 8"], await RowsAsync(page, "Enheter i V16-2022"));

        await page.SelectOptionAsync("#rename-administration", "Patientnämndens kansli");
        await page.GetByLabel("Nytt namn").FillAsync("Regionstab");
        await page.ClickAsync("button:has-text('Byt namn')");
        await Assertions.Expect(page.GetByLabel("Nytt namn")).ToHaveAccessibleDescriptionAsync(
            "tomt = samma namn \"Regionstab\" är redan namn, kod eller alias för en annan förvaltning.");
        await Assertions.Expect(page.GetByLabel("Nytt namn")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Nytt namn").FillAsync("");
        await page.GetByLabel("Ny kod").FillAsync("PNK");
        await page.ClickAsync("button:has-text('Byt namn')");
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync(
            "Förvaltningen heter nu Patientnämndens kansli (PNK). Alias: patientnämndens kansli.");
        Assert.Equal("V16-2022", await page.InputValueAsync("#units-wave"));
        await page.SelectOptionAsync("#alias-administration", "PNK");
        await page.GetByLabel("Alias", new() { Exact = true }).FillAsync("PN");
        await page.ClickAsync("button:has-text('Lägg till alias')");
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Patientnämndens kansli: alias patientnämndens kansli, pn.");
        await page.SelectOptionAsync("#merge-from", "RS");
        await page.SelectOptionAsync("#merge-into", "RS");
        await page.ClickAsync("button:has-text('Slå samman')");
        await Assertions.Expect(page.GetByLabel("Blir en del av")).ToHaveAccessibleDescriptionAsync("Regionstab och Regionstab är redan samma förvaltning.");
        Assert.Contains("Patientnämndens kansli PNK patientnämndens kansli, pn", await RowsAsync(page, "Förvaltningar (5)"));
        await page.SelectOptionAsync("#move-unit", "RS-0001");
        await page.SelectOptionAsync("#move-to", "HSF");
        await page.ClickAsync("button:has-text('Flytta enheten')");
        await Assertions.Expect(page.GetByLabel("Flyttas till")).ToHaveAccessibleDescriptionAsync(
            "Enheten RS-0001 hör redan till Hälso- och sjukvårdsförvaltningen i V16-2022.");

        // The pulse: five questions; its file names the new administration by the alias just given.
        await CreateWaveAsync(page, "V16-2022-10", "Puls oktober 2022", "2022-10-03", "2022-10-09", "B_KON, D_DAGAR, D_AVTAL, D_ONSKAT, A_ATERHAMTNING");
        result = await UploadAsync(page, "survey", "V16-2022-10", work.Write("puls.csv", FollowUpTests.ExportPulse.Replace("5;Patientnämndens kansli;", "5;PN;")));
        Assert.Contains("A_MOTEN (ingår inte i mätningen)", result);
        Assert.DoesNotContain("Nya förvaltningar", result);

        // Counted by hand in FollowUpTests from the same rows.
        AssertOutcomes(await GoalsJsonAsync(page, "V16-2022"), ("G_DISTANS", 9 / 15.0, 15), ("G_AVTAL", 7 / 9.0, 9),
            ("G_HYBRID_VILJA", 11 / 15.0, 15), ("G_ATERHAMTNING", 9 / 15.0, 15), ("G_SVARSFREKVENS", 15 / 22.0, 15));
        var pulse = await GoalsJsonAsync(page, "V16-2022-10");
        AssertOutcomes(pulse, ("G_DISTANS", 4 / 6.0, 6), ("G_HYBRID_VILJA", 5 / 6.0, 6), ("G_ATERHAMTNING", 4 / 6.0, 6));
        Assert.False(Goal(pulse, "G_DIGITAL_INDEX").GetProperty("measured").GetBoolean());

        // Frågeformulär: a new question added from a file; a file reusing an option code for another label refused.
        await page.ClickAsync("nav a:has-text('Frågeformulär')");
        Assert.StartsWith("B_KON Kön flerval (choice) 1 Kvinna 2 Man 3 Annat 4 Vill ej uppge kon", (await RowsAsync(page, "Frågor (28)"))[2]);
        await page.SetInputFilesAsync("#instrument-file", work.Write("ny.csv", """
            code;text;kind;options;header_aliases;value_aliases
            D_HUBB_BESOK;Har du arbetat från en regional arbetshubb det senaste året?;choice;1=Ja|2=Nej|3=Vet ej;hubbesök;j=1|n=2

            """));
        await page.ClickAsync("button:has-text('Läs in filen')");
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("Nya frågor: D_HUBB_BESOK");
        Assert.Contains("D_HUBB_BESOK Har du arbetat från en regional arbetshubb det senaste året? flerval (choice) 1 Ja 2 Nej 3 Vet ej hubbesök j = 1, n = 2",
            await RowsAsync(page, "Frågor (29)"));
        await page.SetInputFilesAsync("#instrument-file", work.Write("fel.csv", "kod;text;typ;alternativ\nD_AVTAL;Avtal;choice;2=Ja\n"));
        await page.ClickAsync("button:has-text('Läs in filen')");
        await Assertions.Expect(page.Locator("#instrument-file")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex(
            "Rad 2 \\(D_AVTAL\\): svarskoden 2 får etiketten \"Ja\", som redan är kod 1: det skulle ändra vad lagrade svar betyder\\. Ingenting ändrades\\.$"));
        Assert.Equal(29, (await RowsAsync(page, "Frågor (29)")).Count);

        Assert.Equal(goals2021, await GoalsJsonAsync(page, "V16-2021"));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(["wave-change", "upload", "upload", "organisation-change", "organisation-change", "wave-change", "upload", "instrument-change"],
            await connection.QueryAsync<string>("SELECT action FROM audit_event WHERE action <> 'sign-in' ORDER BY id"));
    }

    private static async Task CreateWaveAsync(IPage page, string code, string name, string from, string to, string questions)
    {
        await page.ClickAsync("nav a:has-text('Mätningar')");
        await page.GetByLabel("Kod").FillAsync(code);
        await page.GetByLabel("Namn").FillAsync(name);
        await page.GetByLabel("Från").FillAsync(from);
        await page.GetByLabel("Till").FillAsync(to);
        await page.GetByLabel("Frågor").FillAsync(questions);
        await page.ClickAsync("button:has-text('Skapa mätning')");
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync($"Mätningen {code} är skapad.");
    }

    private static async Task<string> UploadAsync(IPage page, string kind, string wave, string file, bool allowMissing = false)
    {
        await page.ClickAsync("nav a:has-text('Uppladdningar')");
        await page.SelectOptionAsync("select[name=kind]", kind);
        await page.SelectOptionAsync("select[name=wave]", wave);
        await page.SetInputFilesAsync("input[name=file]", file);
        if (allowMissing)
            await page.CheckAsync("input[name=allowMissingQuestions]");
        await page.ClickAsync("button:has-text('Ladda upp')");
        await page.WaitForSelectorAsync(".status.accepted", new() { Timeout = 60_000 });
        return await page.InnerTextAsync("main");
    }

    private static async Task<List<string>> RowsAsync(IPage page, string caption) =>
        [.. (await page.Locator($"table:has(caption:has-text('{caption}')) tbody tr").AllInnerTextsAsync())
            .Select(r => string.Join(' ', r.Split(['\t', '\n', ' '], StringSplitOptions.RemoveEmptyEntries)))];

    private static async Task<string> GoalsJsonAsync(IPage page, string wave)
    {
        var response = await page.APIRequest.GetAsync($"/api/goals?wave={wave}");
        Assert.Equal(200, response.Status);
        return await response.TextAsync();
    }
}
