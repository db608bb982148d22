using Microsoft.Playwright;
using Survey.Ingest.Uploads;
using Survey.Reports.Board;

namespace Survey.Tests.Web;

/// <summary>
/// A serve process on a filled database, and a browser, shared by the accessibility tests: a wave of 300
/// respondents, a rejected upload with its problems, a board report, and accounts for every role.
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private IPlaywright? _playwright;
    private RunningHost? _host;

    public TestDatabase Database => _db;
    public string Work { get; } = Directory.CreateTempSubdirectory("survey-a11y-").FullName;
    internal RunningHost Host => _host!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        foreach (var role in Survey.Scheduler.Accounts.Roles.All)
            await Survey.Scheduler.Accounts.Accounts.AddAsync(_db.DataSource, role, role, SurveyWebFactory.Password, replace: false, default);
        await Seed.SmallWaveAsync(_db.DataSource);
        await using (var bad = new MemoryStream("Svars-ID;B_FORV;B_ENHET;B_KON;D_DAGAR\nx-1;HSF;NOPE;9;8\n"u8.ToArray()))
            await Ingestion.RunAsync(_db.DataSource, new IngestRequest
            {
                Kind = UploadKind.Survey, FileName = "med-fel.csv", Content = bad, WaveCode = Seed.Wave, UploadedBy = "admin",
            }, null, default);
        await BoardReports.EnsureAsync(_db.DataSource, "2021-04", default);

        _host = await RunningHost.StartAsync(_db.ConnectionString, Path.Combine(Work, "data"));
        _playwright = await Playwright.CreateAsync();
        Browser = await Web.Browser.LaunchAsync(_playwright);
    }

    public async Task<IPage> PageAsync(string? role)
    {
        var page = await (await Browser.NewContextAsync(Web.Browser.Site(Host))).NewPageAsync();
        if (role is not null)
            await Web.Browser.LogInAsync(page, role);
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_host is not null)
            await _host.DisposeAsync();
        await _db.DisposeAsync();
        Directory.Delete(Work, recursive: true);
    }
}
