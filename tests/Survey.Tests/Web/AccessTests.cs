using System.Net;

namespace Survey.Tests.Web;

[Collection(Survey.Tests.Web.HangfireCollection.Name)]
public sealed class AccessTests(SurveyWebFactory web) : IClassFixture<SurveyWebFactory>
{
    public static TheoryData<string> Protected => new()
    {
        "/", "/Reports", "/Analyst", "/Admin/Uploads", "/Admin/Goals", "/Admin/Upload?id=1", "/hangfire", "/Admin/Users", "/Admin/Audit",
        "/reports/1/download", "/openapi/v1.json", "/charts/G_DISTANS.png?period=2021-04",
    };

    [Theory]
    [MemberData(nameof(Protected))]
    public async Task Anonymous_visitors_are_sent_to_log_in(string path)
    {
        var response = await web.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Healthz_answers_without_log_in_and_says_what_fails()
    {
        var client = web.Anonymous();
        var response = await client.GetAsync("/healthz");
        for (var i = 0; i < 40 && response.StatusCode != HttpStatusCode.OK; i++) // the Hangfire server announces itself just after start
        {
            await Task.Delay(250);
            response = await client.GetAsync("/healthz");
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var ok = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Equal("ok", ok.RootElement.GetProperty("status").GetString());
            Assert.Equal("ok", ok.RootElement.GetProperty("checks").GetProperty("migrations").GetString());
            Assert.StartsWith("ok (", ok.RootElement.GetProperty("checks").GetProperty("hangfire").GetString());
        }

        await using var connection = await web.DataSource.OpenConnectionAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, "DELETE FROM schemaversions WHERE scriptname = 'db.0401_accounts.sql'");
        try
        {
            var failing = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
            using var body = System.Text.Json.JsonDocument.Parse(await failing.Content.ReadAsStringAsync());
            Assert.Equal("1 not applied", body.RootElement.GetProperty("checks").GetProperty("migrations").GetString());
        }
        finally
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO schemaversions (scriptname, applied) VALUES ('db.0401_accounts.sql', now())");
        }
    }

    [Fact]
    public async Task The_api_answers_401_to_anonymous_callers_as_problem_details()
    {
        var response = await web.Anonymous().GetAsync("/api/goals?period=2021-04");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertProblemAsync(response, 401);
    }

    [Theory]
    [InlineData("/api/goals", 400)]
    [InlineData("/api/goals?period=0000-01", 400)]
    [InlineData("/api/goals?period=9999-12", 400)]
    [InlineData("/api/goals?period=2021-13", 400)]
    [InlineData("/api/goals?period=2021-04&wave=V16-2021", 400)]
    [InlineData("/api/goals?wave=V16-1999", 400)]
    [InlineData("/api/nothing-here", 404)]
    public async Task Every_api_error_is_problem_details(string path, int status)
    {
        var client = await web.LoggedInAsync("board");
        var response = await client.GetAsync(path);
        Assert.Equal(status, (int)response.StatusCode);
        await AssertProblemAsync(response, status);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task The_log_in_page_is_open_and_sends_security_headers()
    {
        var response = await web.Anonymous().GetAsync("/Login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("board", "/Analyst")]
    [InlineData("board", "/Admin/Uploads")]
    [InlineData("board", "/Admin/Goals")]
    [InlineData("board", "/hangfire")]
    [InlineData("analyst", "/Admin/Uploads")]
    [InlineData("analyst", "/Admin/Upload?id=1")]
    [InlineData("analyst", "/Admin/Goals")]
    [InlineData("analyst", "/hangfire")]
    [InlineData("analyst", "/Admin/Users")]
    [InlineData("analyst", "/Admin/Audit?handler=Csv")]
    public async Task A_role_without_the_right_is_refused(string role, string path)
    {
        var client = await web.LoggedInAsync(role);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Forbidden", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("board", "/Reports")]
    [InlineData("analyst", "/Analyst")]
    [InlineData("admin", "/Admin/Uploads")]
    [InlineData("admin", "/Admin/Goals")]
    [InlineData("admin", "/Analyst")]
    [InlineData("admin", "/hangfire")]
    public async Task A_role_sees_its_own_pages(string role, string path)
    {
        var client = await web.LoggedInAsync(role);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        var client = web.Anonymous();
        var response = await client.PostAsync("/Login", await SurveyWebFactory.FormAsync(client, "/Login",
            new() { ["name"] = "admin", ["password"] = "fel-lösenord" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Fel användarnamn eller lösenord", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/Login")]
    [InlineData("/Admin/Goals")]
    [InlineData("/Analyst")]
    public async Task A_post_without_the_anti_forgery_token_is_rejected(string path)
    {
        var client = await web.LoggedInAsync("admin");
        var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "admin", ["password"] = SurveyWebFactory.Password, ["code"] = "G_DISTANS", ["target"] = "10", ["wave"] = "V16-2021",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
