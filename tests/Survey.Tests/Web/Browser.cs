using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Survey.Tests.Web;

/// <summary>Debian's Chromium driven by Playwright, and the steps every browser test shares.</summary>
internal static partial class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: .ci/run installs Debian's chromium package.");
        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser profile. axe-core is injected as an inline script, which the product's CSP forbids.</summary>
    public static BrowserNewContextOptions Site(RunningHost host) =>
        new() { BaseURL = host.Address.ToString().TrimEnd('/'), AcceptDownloads = true, BypassCSP = true };

    public static async Task LogInAsync(IPage page, string name, string password = SurveyWebFactory.Password)
    {
        await page.GotoAsync("/Login");
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button:has-text('Logga in')");
        await LeftLogInAsync(page);
    }

    /// <summary>
    /// Not WaitForURLAsync: its check-then-subscribe can miss the load event on a busy machine and time out
    /// (microsoft/playwright-dotnet#3364). The web-first assertion polls the address instead.
    /// </summary>
    public static Task LeftLogInAsync(IPage page) =>
        Assertions.Expect(page).ToHaveURLAsync(LoggedIn(), new() { Timeout = 30_000 });

    [GeneratedRegex("^(?!.*/Login)")]
    private static partial Regex LoggedIn();

    /// <summary>Test artefacts go to TestResults/ at the repository root.</summary>
    public static string Artefact(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Survey.sln")))
            dir = dir.Parent;
        var results = Directory.CreateDirectory(Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults"));
        return Path.Combine(results.FullName, name);
    }
}
