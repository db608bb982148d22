using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Survey.Scheduler.Hosting;

namespace Survey.Tests.Web;

/// <summary>
/// The serve process in memory, built by the same SurveyHost as production, on a fresh real database with a real
/// Hangfire server. Accounts admin, analyst and board exist with the password <see cref="Password"/>.
/// </summary>
public sealed partial class SurveyWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "korrekt-hast-batteri";

    private readonly TestDatabase _database = new();

    public TestDatabase Database => _database;
    public NpgsqlDataSource DataSource => _database.DataSource;
    public string DataDir { get; } = Directory.CreateTempSubdirectory("survey-web-").FullName;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        foreach (var role in Survey.Scheduler.Accounts.Roles.All)
            await Survey.Scheduler.Accounts.Accounts.AddAsync(DataSource, role, role, Password, replace: false, default);
    }

    protected override IHostBuilder CreateHostBuilder()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Survey:DataDir"] = DataDir,
                ["Survey:MaxUploadBytes"] = "1048576",
            })
            .Build();
        return SurveyHost.CreateBuilder(config, _database.ConnectionString);
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects.</summary>
    public HttpClient Anonymous() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> LoggedInAsync(string name)
    {
        var client = Anonymous();
        var response = await client.PostAsync("/Login", await FormAsync(client, "/Login",
            new() { ["name"] = name, ["password"] = Password }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Log-in as {name} failed: {response.StatusCode}");
        return client;
    }

    /// <summary>The form fields plus the anti-forgery token of the page's form, as a browser would post them.</summary>
    public static async Task<FormUrlEncodedContent> FormAsync(HttpClient client, string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await TokenAsync(client, page);
        return new FormUrlEncodedContent(fields);
    }

    public static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No anti-forgery token on {page}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }
}
