using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Survey.Reports.Board;

namespace Survey.Tests.Web;

/// <summary>
/// The journey in a real browser (Debian's Chromium, driven by Playwright) against a real serve process: an admin
/// uploads an export and sees it accepted, an analyst downloads the board report, a visitor is sent to log in.
/// </summary>
[Collection(Survey.Tests.Web.HangfireCollection.Name)]
public sealed class BrowserTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Admin_uploads_an_export_analyst_downloads_the_board_report_and_a_visitor_must_log_in()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: .ci/run installs Debian's chromium package.");
        foreach (var role in Survey.Scheduler.Accounts.Roles.All)
            await Survey.Scheduler.Accounts.Accounts.AddAsync(db.DataSource, role, role, SurveyWebFactory.Password, replace: false, default);
        var work = Directory.CreateTempSubdirectory("survey-browser-").FullName;
        var export = Path.Combine(work, "v16-export.csv");
        await Seed.WriteExportAsync(db.DataSource, export, respondents: 240);

        await using var host = await RunningHost.StartAsync(db.ConnectionString, Path.Combine(work, "data"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic"],
        });
        var site = new BrowserNewContextOptions { BaseURL = host.Address.ToString().TrimEnd('/'), AcceptDownloads = true };

        // A visitor who is not logged in is sent to the log-in page.
        var visitor = await (await browser.NewContextAsync(site)).NewPageAsync();
        await visitor.GotoAsync("/Analyst");
        Assert.EndsWith("/Login?ReturnUrl=%2FAnalyst", visitor.Url);

        // The admin uploads the export and waits for the background job to accept it.
        var admin = await (await browser.NewContextAsync(site)).NewPageAsync();
        await LogInAsync(admin, "admin");
        await admin.GotoAsync("/Admin/Uploads");
        await admin.SelectOptionAsync("select[name=kind]", "survey");
        await admin.SelectOptionAsync("select[name=wave]", "V16-2021");
        await admin.SetInputFilesAsync("input[name=file]", export);
        await admin.ClickAsync("button:has-text('Ladda upp')");
        await admin.WaitForSelectorAsync(".status.accepted", new() { Timeout = 60_000 });
        Assert.Contains("nya: 240", await admin.InnerTextAsync("main"));

        await admin.GotoAsync("/?period=2021-04");
        Assert.Contains("Fler medarbetare arbetar på distans", await admin.InnerTextAsync("main"));
        await admin.ScreenshotAsync(new() { Path = Artefact("start-page.png"), FullPage = true });

        // The monthly report exists; the analyst downloads it.
        await BoardReports.EnsureAsync(db.DataSource, "2021-04", default);
        var analyst = await (await browser.NewContextAsync(site)).NewPageAsync();
        await LogInAsync(analyst, "analyst");
        await analyst.GotoAsync("/Reports");
        var download = await analyst.RunAndWaitForDownloadAsync(() => analyst.ClickAsync("a[href^='/reports/']"));
        var saved = Path.Combine(work, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        Assert.EndsWith(".xlsx", saved);
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(saved))[..2]);

        Directory.Delete(work, recursive: true);
    }

    private static async Task LogInAsync(IPage page, string name)
    {
        await page.GotoAsync("/Login");
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", SurveyWebFactory.Password);
        await page.ClickAsync("button:has-text('Logga in')");
        // Not WaitForURLAsync: its check-then-subscribe can miss the load event on a busy machine and time out
        // (microsoft/playwright-dotnet#3364). The web-first assertion polls the address instead.
        await Assertions.Expect(page).ToHaveURLAsync(LoggedIn, new() { Timeout = 30_000 });
    }

    private static readonly Regex LoggedIn = new("^(?!.*/Login)");

    /// <summary>Test artefacts go to TestResults/ at the repository root.</summary>
    private static string Artefact(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Survey.sln")))
            dir = dir.Parent;
        var results = Directory.CreateDirectory(Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults"));
        return Path.Combine(results.FullName, name);
    }
}
