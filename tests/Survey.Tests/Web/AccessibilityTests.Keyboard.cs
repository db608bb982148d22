using Microsoft.Playwright;

namespace Survey.Tests.Web;

/// <summary>
/// The journey by keyboard alone: skip link, log-in, an upload (the file chooser opened with the space bar), an
/// analyst order and its download. Every element that takes focus on the way shows a visible focus outline.
/// </summary>
public sealed partial class AccessibilityTests
{
    [Fact]
    public async Task An_admin_uploads_and_orders_a_workbook_with_the_keyboard_alone()
    {
        var export = Path.Combine(site.Work, "tangentbord.csv");
        await Seed.WriteExportAsync(site.Database.DataSource, export, respondents: 30, seed: 99);
        var page = await site.PageAsync(null);
        await page.GotoAsync("/Login");

        // The first Tab reaches the skip link, which takes focus to the main content.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Hoppa till innehållet", await FocusedAsync(page, "el => el.textContent.trim()"));
        await AssertFocusVisibleAsync(page);
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await FocusedAsync(page, "el => el.id"));

        await TabToAsync(page, "#name");
        await page.Keyboard.TypeAsync("admin");
        await TabToAsync(page, "#password");
        await page.Keyboard.TypeAsync(SurveyWebFactory.Password);
        await page.Keyboard.PressAsync("Enter");
        await Browser.LeftLogInAsync(page);

        // A file-chooser listener makes Playwright ask the browser to intercept its dialog, without waiting for the
        // answer. Added only around the key press, that request can lose the race with the press on a busy machine
        // and the dialog goes unseen, so the listener is added well before.
        var chooser = new TaskCompletionSource<IFileChooser>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.FileChooser += (_, c) => chooser.TrySetResult(c);
        await FollowAsync(page, "/Admin/Uploads");
        await TabToAsync(page, "select[name=kind]"); // Enkätexport is the first choice
        await TabToAsync(page, "select[name=wave]");
        await TabToAsync(page, "input[name=file]");
        await page.Keyboard.PressAsync("Space");
        await (await chooser.Task.WaitAsync(TimeSpan.FromSeconds(30))).SetFilesAsync(export);
        await TabToAsync(page, "form[enctype] button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync(".status.accepted", new() { Timeout = 60_000 });
        Assert.Contains("30 datarader", await page.InnerTextAsync("main"));

        await FollowAsync(page, "/Analyst");
        await TabToAsync(page, "select[name=wave]");
        await TabToAsync(page, "main form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        // The order list refreshes itself until the workbook is ready.
        var link = page.Locator("#orders a[href^='/reports/']").First;
        await link.WaitForAsync(new() { Timeout = 120_000 });
        await TabToAsync(page, "#orders a[href^='/reports/']");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        await page.Context.CloseAsync();
    }

    /// <summary>Tabs to the link to path and follows it with Enter.</summary>
    private static async Task FollowAsync(IPage page, string path)
    {
        await TabToAsync(page, $"a[href='{path}']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(path) + "$"));
    }

    /// <summary>Presses Tab until the selector has focus, checking the focus outline on every stop.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        var stops = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            // Past the last element focus leaves the page for the browser's own controls, and comes back.
            if (await page.EvaluateAsync<bool>("() => document.activeElement === document.body"))
                continue;
            await AssertFocusVisibleAsync(page);
            stops.Add(await FocusedAsync(page, "el => el.outerHTML.slice(0, 60)"));
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
                return;
        }
        Assert.Fail($"Tab never reached {selector} on {page.Url}; it stopped at:\n{string.Join("\n", stops)}");
    }

    private static Task<string> FocusedAsync(IPage page, string expression) =>
        page.EvaluateAsync<string>($"({expression})(document.activeElement)");

    private static async Task AssertFocusVisibleAsync(IPage page)
    {
        var outline = await FocusedAsync(page, """
            el => { const s = getComputedStyle(el); return s.outlineStyle === 'none' ? 'none ' + el.outerHTML.slice(0, 80) : s.outlineWidth; }
            """);
        Assert.True(outline.EndsWith("px", StringComparison.Ordinal) && double.Parse(outline[..^2], System.Globalization.CultureInfo.InvariantCulture) >= 2,
            $"no visible focus: {outline}");
    }
}
