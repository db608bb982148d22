using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Survey.Tests.Web;

/// <summary>
/// WCAG 2.1 A and AA (axe-core) on every page each role reaches. The pages are not listed here: each role's
/// crawl follows the links it is shown, from the start page, and every Razor page of the app that no crawl reached
/// is then opened directly as an admin, so a page added later is checked without touching this test. The
/// keyboard journey (AccessibilityTests.Keyboard.cs) shares the site.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed partial class AccessibilityTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private static readonly string[] Wcag21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>Not pages of ours: Hangfire's dashboard (a known limitation in the statement), files and the API.</summary>
    private static readonly string[] NotPages = ["/hangfire", "/reports/", "/charts/", "/api/", "/openapi/", "/site."];

    [Fact]
    public async Task Every_page_each_role_reaches_passes_axe_WCAG_2_1_AA()
    {
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var violations = new List<string>();
        foreach (var role in new string?[] { null, "board", "analyst", "admin" })
        {
            var page = await site.PageAsync(role);
            await CrawlAsync(page, role ?? "anonymous", role is null ? "/Login" : "/", visited, violations);
            await page.Context.CloseAsync();
        }

        var unreached = RazorPages().Where(p => !visited.Contains(p)).ToList();
        var admin = await site.PageAsync("admin");
        foreach (var path in unreached)
            await CheckAsync(admin, "admin (direct)", path, violations);

        // Error states: a failed log-in, a refused target, an order for an unknown unit, a rename without a name, an
        // instrument import without a file.
        var anonymous = await site.PageAsync(null);
        await anonymous.GotoAsync("/Login");
        await anonymous.FillAsync("#name", "admin");
        await anonymous.FillAsync("#password", "fel-lösenord");
        await anonymous.ClickAsync("button:has-text('Logga in')");
        await AxeAsync(anonymous, "anonymous", "/Login (fel lösenord)", violations);
        await admin.GotoAsync("/Admin/Goals");
        await admin.Locator("input[name=target]").First.FillAsync("inte ett tal");
        await admin.Locator("button:has-text('Spara')").First.ClickAsync();
        await AxeAsync(admin, "admin", "/Admin/Goals (fel värde)", violations);
        await admin.GotoAsync("/Analyst");
        await admin.FillAsync("input[name=unit]", "FINNS-INTE");
        await admin.ClickAsync("button:has-text('Beställ')");
        await AxeAsync(admin, "admin", "/Analyst (okänd enhet)", violations);

        await admin.GotoAsync("/Admin/Organisation");
        await admin.ClickAsync("button:has-text('Byt namn')");
        await admin.WaitForSelectorAsync("#rename-name-error");
        await AxeAsync(admin, "admin", "/Admin/Organisation (namn saknas)", violations);
        await admin.GotoAsync("/Admin/Instrument");
        await admin.ClickAsync("button:has-text('Läs in filen')");
        await admin.WaitForSelectorAsync("#instrument-error");
        await AxeAsync(admin, "admin", "/Admin/Instrument (fil saknas)", violations);

        // The upload page's mapping step: the preview of an export whose headings nothing matches, and a save
        // that lacks the export profile's name.
        var export = await MappingPageTests.WriteToolExportAsync(site.Database, Path.Combine(site.Work, "mappning.csv"), 20, 5);
        await admin.GotoAsync("/Admin/Uploads");
        await admin.SetInputFilesAsync("input[name=file]", export);
        await admin.ClickAsync("button:has-text('Förhandsgranska först')");
        await admin.WaitForSelectorAsync("caption:has-text('Filens kolumner')");
        await AxeAsync(admin, "admin", "/Admin/Mapping (förhandsgranskning)", violations);
        await admin.Locator("tr:has(th:text-is('Hubb i hemkommunen')) select").SelectOptionAsync("D_HUBB");
        await admin.ClickAsync("button:has-text('Spara mappningen')");
        await admin.WaitForSelectorAsync("#profile-name-error");
        await AxeAsync(admin, "admin", "/Admin/Mapping (exportprofil saknas)", violations);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.Contains("/Tillganglighet", visited);
        Assert.Contains("/Admin/Upload", visited);
        Assert.Empty(RazorPages().Where(p => !visited.Contains(p)).Except(unreached));
    }

    private static async Task CrawlAsync(IPage page, string role, string start, HashSet<string> visited, List<string> violations)
    {
        var queue = new Queue<string>([start]);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { PathOf(start) };
        while (queue.TryDequeue(out var url))
        {
            await CheckAsync(page, role, url, violations);
            visited.Add(PathOf(url));
            var links = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "as => as.map(a => a.href)");
            var origin = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
            foreach (var link in links.Where(l => l.StartsWith(origin, StringComparison.Ordinal)).Select(l => l[origin.Length..]))
            {
                var path = PathOf(link);
                if (!NotPages.Any(n => path.StartsWith(n, StringComparison.OrdinalIgnoreCase)) && seen.Add(path))
                    queue.Enqueue(link.Split('#')[0]);
            }
        }
    }

    private static async Task CheckAsync(IPage page, string role, string url, List<string> violations)
    {
        var response = await page.GotoAsync(url);
        var expected = url.StartsWith("/Forbidden", StringComparison.OrdinalIgnoreCase) ? 403 : 200;
        Assert.True(response?.Status == expected, $"{role} {url}: HTTP {response?.Status}");
        await AxeAsync(page, role, url, violations);
    }

    private static async Task AxeAsync(IPage page, string role, string label, List<string> violations)
    {
        // Folded content (a chart's figures) is checked open, as a reader who unfolds it sees it.
        await page.EvaluateAsync("document.querySelectorAll('details').forEach(d => d.open = true)");
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = RunOnlyOptions.Tags(Wcag21AA) });
        violations.AddRange(result.Violations.Select(v =>
            $"{role} {label}: {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
    }

    private static string PathOf(string url) => url.Split('#', '?')[0] is { Length: > 0 } path ? path : "/";

    /// <summary>Every Razor page's path as the app routes it (/Index as /).</summary>
    private IEnumerable<string> RazorPages() =>
        site.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath)
            .OfType<string>()
            .Select(p => p.EndsWith("/Index", StringComparison.Ordinal) ? p[..^"Index".Length].TrimEnd('/') is { Length: > 0 } d ? d : "/" : p)
            .Distinct();
}
