using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Survey.Tests.Web;

/// <summary>
/// An administrator creates a pulse on the page "Mätningar" in a real browser, with the CLI's validation and
/// messages tied to their fields, then uploads the pulse's export through the upload page: the new administration
/// is listed and the column of a question outside the pulse is ignored.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class WavesPageTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string Chromium = "/usr/bin/chromium";

    private const string Pulse = """
        Svars-ID;B_FORV;B_ENHET;D_DAGAR;D_ONSKAT;A_MOTEN
        1;Patientnämndens kansli;PNK-01;1;2;4
        2;Patientnämndens kansli;PNK-01;0;1;5
        3;RS;RS-0001;2;2;3

        """;

    [Fact]
    public async Task An_admin_creates_a_pulse_on_the_page_and_uploads_its_export()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: .ci/run installs Debian's chromium package.");
        await Survey.Scheduler.Accounts.Accounts.AddAsync(db.DataSource, "admin", "admin", SurveyWebFactory.Password, replace: false, default);
        var work = Directory.CreateTempSubdirectory("survey-waves-page-").FullName;
        var export = Path.Combine(work, "puls.csv");
        await File.WriteAllTextAsync(export, Pulse);

        await using var host = await RunningHost.StartAsync(db.ConnectionString, Path.Combine(work, "data"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic"],
        });
        var page = await (await browser.NewContextAsync(new() { BaseURL = host.Address.ToString().TrimEnd('/') })).NewPageAsync();
        await page.GotoAsync("/Login");
        await page.FillAsync("input[name=name]", "admin");
        await page.FillAsync("input[name=password]", SurveyWebFactory.Password);
        await page.ClickAsync("button:has-text('Logga in')");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^(?!.*/Login)"), new() { Timeout = 30_000 });

        await page.ClickAsync("nav a:has-text('Mätningar')");
        await page.GetByLabel("Kod").FillAsync("V16-2022-10");
        await page.GetByLabel("Namn").FillAsync("Puls oktober 2022");
        await page.GetByLabel("Från").FillAsync("2022-10-09");
        await page.GetByLabel("Till").FillAsync("2022-10-03");
        await page.GetByLabel("Frågor").FillAsync("D_DAGAR, D_ONSKAT, X_NY");
        await page.ClickAsync("button:has-text('Skapa mätning')");
        // The mistakes are shown beside their fields and announced with them, in the CLI's words.
        await Assertions.Expect(page.GetByLabel("Till")).ToHaveAccessibleDescriptionAsync(new Regex("Slutdatum 2022-10-03 är före startdatum 2022-10-09\\."));
        await Assertions.Expect(page.GetByLabel("Frågor")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Contains("Okänd fråga: X_NY.", await page.InnerTextAsync("main"));

        await page.GetByLabel("Från").FillAsync("2022-10-03");
        await page.GetByLabel("Till").FillAsync("2022-10-09");
        await page.GetByLabel("Frågor").FillAsync("D_DAGAR, D_ONSKAT");
        await page.ClickAsync("button:has-text('Skapa mätning')");
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Mätningen V16-2022-10 är skapad.");
        var row = page.Locator("tr", new() { Has = page.Locator("th:has-text('V16-2022-10')") });
        Assert.Contains("4 av 28", await row.InnerTextAsync());

        await page.GotoAsync("/Admin/Uploads");
        await page.SelectOptionAsync("select[name=kind]", "survey");
        await page.SelectOptionAsync("select[name=wave]", "V16-2022-10");
        await page.SetInputFilesAsync("input[name=file]", export);
        await page.ClickAsync("button:has-text('Ladda upp')");
        await page.WaitForSelectorAsync(".status.accepted", new() { Timeout = 60_000 });
        var result = await page.InnerTextAsync("main");
        Assert.Contains("Nya förvaltningar: Patientnämndens kansli (2 svar)", result);
        Assert.Contains("A_MOTEN (ingår inte i mätningen)", result);

        await page.GotoAsync("/Admin/Waves");
        await page.ClickAsync("a:has-text('Ändra V16-2022-10')");
        await page.GetByLabel("Frågor").FillAsync("all");
        await page.ClickAsync("button:has-text('Spara ändringar')");
        Assert.Contains("Frågorna i V16-2022-10 kan inte ändras: mätningen har redan 3 svar.", await page.InnerTextAsync("main"));
        Directory.Delete(work, recursive: true);
    }
}
