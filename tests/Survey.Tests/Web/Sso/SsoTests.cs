using System.Net;
using Dapper;

namespace Survey.Tests.Web.Sso;

/// <summary>
/// Single sign-on against a real OpenID Connect provider on loopback (<see cref="TestProvider"/>), through the serve
/// process on Kestrel, the browser played by an HTTP client that follows each redirect by hand: sign-in with the
/// authorization code flow and PKCE, roles from the groups claim, a user without a role, a tampered id token,
/// sign-out at the provider.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class SsoTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private TestProvider _provider = null!;
    private RunningHost _host = null!;
    private readonly string _work = Directory.CreateTempSubdirectory("survey-sso-").FullName;

    public async Task InitializeAsync()
    {
        _provider = await TestProvider.StartAsync();
        _host = await RunningHost.StartAsync(db.ConnectionString, _work, new Dictionary<string, string?>
        {
            ["Survey:Oidc:Authority"] = _provider.Address.ToString(),
            ["Survey:Oidc:ClientId"] = TestProvider.ClientId,
            ["Survey:Oidc:ClientSecret"] = TestProvider.ClientSecret,
            ["Survey:Oidc:RequireHttpsMetadata"] = "false",
            ["Survey:Oidc:Roles:admin"] = "survey-admins",
            ["Survey:Oidc:Roles:analyst"] = "survey-analysts, survey-analytiker",
            ["Survey:Oidc:Roles:board"] = "survey-board",
        });
        _provider.Client = _host.Address;
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM audit_event");
    }

    [Fact]
    public async Task A_user_signs_in_at_the_provider_with_the_role_its_groups_give_and_the_change_of_group_applies_at_the_next_sign_in()
    {
        _provider.NextUser = ("eva", ["staff", "survey-analytiker"]);
        using var browser = Browser();
        Assert.Equal("/Analyst", await SignInAsync(browser, "/Analyst"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Analyst")).StatusCode);
        Assert.StartsWith("/Forbidden", Where(await browser.GetAsync("/Admin/Uploads")));

        // The highest role wins; the account follows the groups the provider gives at each sign-in.
        _provider.NextUser = ("eva", ["survey-board", "survey-admins"]);
        using var again = Browser();
        Assert.Equal("/", await SignInAsync(again));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Admin/Uploads")).StatusCode);

        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(("admin", "oidc"), await connection.QuerySingleAsync<(string, string)>("SELECT role, source FROM app_user WHERE name = 'eva'"));
        Assert.Equal([("sign-in", "user eva", "organisationens inloggning"), ("sign-in", "user eva", "organisationens inloggning")],
            await AuditAsync());
    }

    [Fact]
    public async Task A_user_whose_groups_give_no_role_sees_whom_to_ask_and_nothing_else()
    {
        _provider.NextUser = ("olle", ["staff"]);
        using var browser = Browser();
        Assert.Equal("/IngenBehorighet", await SignInAsync(browser));
        var page = await browser.GetStringAsync("/IngenBehorighet");
        Assert.Contains("ditt konto har ingen roll i V16-uppföljningen", page);
        Assert.StartsWith("/Login", Where(await browser.GetAsync("/")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/goals?period=2021-05")).StatusCode);

        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM app_user WHERE name = 'olle'"));
        Assert.Equal([("sign-in-failed", "user olle", "organisationens inloggning: ingen roll")], await AuditAsync());
    }

    [Fact]
    public async Task An_id_token_changed_after_signing_is_refused()
    {
        _provider.NextUser = ("mallory", ["survey-board"]);
        _provider.TamperWithIdentityToken = true; // the groups become survey-admins, the signature stays the board's
        try
        {
            using var browser = Browser();
            Assert.Equal("/Login?sso=failed", await SignInAsync(browser));
            Assert.StartsWith("/Login", Where(await browser.GetAsync("/Admin/Uploads")));
            Assert.Contains("Inloggningen via organisationen misslyckades", await browser.GetStringAsync("/Login?sso=failed"));
        }
        finally
        {
            _provider.TamperWithIdentityToken = false;
        }
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM app_user WHERE name = 'mallory'"));
        var audit = await AuditAsync();
        Assert.Equal("sign-in-failed", Assert.Single(audit).Action);
        Assert.StartsWith("organisationens inloggning: ", audit[0].Detail);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_here_and_at_the_provider()
    {
        _provider.NextUser = ("styrelse", ["survey-board"]);
        using var browser = Browser();
        Assert.Equal("/", await SignInAsync(browser));
        var before = _provider.SignOuts;

        var response = await browser.PostAsync("/Logout", await SurveyWebFactory.FormAsync(browser, "/", []));
        var location = response.Headers.Location!;
        Assert.Equal(_provider.Address.Authority, location.Authority);
        response = await browser.GetAsync(location); // the provider ends its session and sends the browser back
        Assert.Equal(before + 1, _provider.SignOuts);
        response = await browser.GetAsync(response.Headers.Location!);
        Assert.Equal("/Login", Where(response));
        Assert.StartsWith("/Login", Where(await browser.GetAsync("/")));
        Assert.Equal(["sign-in", "sign-out"], (await AuditAsync()).Select(row => row.Action));
    }

    /// <summary>
    /// Starts at the product's "Logga in med organisationens konto", goes to the provider and back, as a browser would;
    /// returns where the product sends the browser at the end.
    /// </summary>
    private async Task<string> SignInAsync(HttpClient browser, string returnUrl = "/")
    {
        var toProvider = await browser.GetAsync($"/Login/Sso?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, toProvider.StatusCode);
        var authorize = toProvider.Headers.Location!;
        Assert.Equal(_provider.Address.Authority, authorize.Authority);
        Assert.Contains("code_challenge_method=S256", authorize.Query);
        Assert.Contains("response_type=code", authorize.Query);

        var back = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal(_host.Address.Authority, back.Headers.Location!.Authority);

        var signedIn = await browser.GetAsync(back.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return Where(signedIn);
    }

    /// <summary>Where a redirect sends the browser, as a path and query on the product.</summary>
    private static string Where(HttpResponseMessage response) => response.Headers.Location switch
    {
        null => $"(no redirect: {(int)response.StatusCode})",
        { IsAbsoluteUri: true } absolute => absolute.PathAndQuery,
        var relative => relative.OriginalString,
    };

    private HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = _host.Address,
        };

    private async Task<List<(string Action, string? Target, string? Detail)>> AuditAsync()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, string?, string?)>("SELECT action, target, detail FROM audit_event ORDER BY id")).ToList();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
