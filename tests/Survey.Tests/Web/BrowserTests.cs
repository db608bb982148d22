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
    [Fact]
    public async Task Admin_uploads_an_export_analyst_downloads_the_board_report_and_a_visitor_must_log_in()
    {
        foreach (var role in Survey.Scheduler.Accounts.Roles.All)
            await Survey.Scheduler.Accounts.Accounts.AddAsync(db.DataSource, role, role, SurveyWebFactory.Password, replace: false, default);
        var work = Directory.CreateTempSubdirectory("survey-browser-").FullName;
        var export = Path.Combine(work, "v16-export.csv");
        await Seed.WriteExportAsync(db.DataSource, export, respondents: 240);

        await using var host = await RunningHost.StartAsync(db.ConnectionString, Path.Combine(work, "data"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var site = Browser.Site(host);

        // A visitor who is not logged in is sent to the log-in page.
        var visitor = await (await browser.NewContextAsync(site)).NewPageAsync();
        await visitor.GotoAsync("/Analyst");
        Assert.EndsWith("/Login?ReturnUrl=%2FAnalyst", visitor.Url);

        // The admin uploads the export and waits for the background job to accept it.
        var admin = await (await browser.NewContextAsync(site)).NewPageAsync();
        await Browser.LogInAsync(admin, "admin");
        await admin.GotoAsync("/Admin/Uploads");
        await admin.SelectOptionAsync("select[name=kind]", "survey");
        await admin.SelectOptionAsync("select[name=wave]", "V16-2021");
        await admin.SetInputFilesAsync("input[name=file]", export);
        await admin.ClickAsync("button:has-text('Ladda upp')");
        await admin.WaitForSelectorAsync(".status.accepted", new() { Timeout = 60_000 });
        Assert.Contains("nya: 240", await admin.InnerTextAsync("main"));

        await admin.GotoAsync("/?period=2021-04");
        Assert.Contains("Fler medarbetare arbetar på distans", await admin.InnerTextAsync("main"));
        await admin.ScreenshotAsync(new() { Path = Browser.Artefact("start-page.png"), FullPage = true });

        // The monthly report exists; the analyst downloads it.
        await BoardReports.EnsureAsync(db.DataSource, "2021-04", default);
        var analyst = await (await browser.NewContextAsync(site)).NewPageAsync();
        await Browser.LogInAsync(analyst, "analyst");
        await analyst.GotoAsync("/Reports");
        var download = await analyst.RunAndWaitForDownloadAsync(() => analyst.ClickAsync("a[href^='/reports/']"));
        var saved = Path.Combine(work, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        Assert.EndsWith(".xlsx", saved);
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(saved))[..2]);

        Directory.Delete(work, recursive: true);
    }
}
