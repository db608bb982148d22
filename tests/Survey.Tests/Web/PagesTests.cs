using System.Net;
using System.Net.Http.Headers;
using Dapper;

namespace Survey.Tests.Web;

[Collection(Survey.Tests.Web.HangfireCollection.Name)]
public sealed class PagesTests(SurveyWebFactory web) : IClassFixture<SurveyWebFactory>
{
    [Fact]
    public async Task An_export_uploaded_through_the_page_is_ingested_by_the_background_job()
    {
        var client = await web.LoggedInAsync("admin");
        var export = Path.Combine(web.DataDir, "export.csv");
        await Seed.WriteExportAsync(web.DataSource, export, respondents: 120, seed: 7);

        using var form = new MultipartFormDataContent
        {
            { new StringContent(await SurveyWebFactory.TokenAsync(client, "/Admin/Uploads")), "__RequestVerificationToken" },
            { new StringContent("survey"), "kind" },
            { new StringContent("V16-2021"), "wave" },
        };
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(export));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "../../etc/<export>.csv");
        var response = await client.PostAsync("/Admin/Uploads", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var detail = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Admin/Upload?id=", detail);

        var id = long.Parse(detail.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("accepted", await WaitForUploadAsync(id));
        await using var connection = await web.DataSource.OpenConnectionAsync();
        Assert.Equal(120, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM respondent WHERE upload_id = @id", new { id }));

        var page = await client.GetStringAsync(detail);
        Assert.Contains("Godkänd", page);
        Assert.Contains("../../etc/&lt;export&gt;.csv", page); // the name is data, shown encoded, never a path
    }

    [Fact]
    public async Task Skipping_invalid_rows_on_the_page_loads_the_valid_ones_and_lists_the_rest()
    {
        var client = await web.LoggedInAsync("admin");
        const string csv = "Svars-ID,B_FORV,B_ENHET,B_KON,D_DAGAR\nskip-1,HSF,SKIP-1,1,2\nskip-2,HSF,SKIP-1,7,1\nskip-3,HSF,SKIP-1,2,0\n";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await SurveyWebFactory.TokenAsync(client, "/Admin/Uploads")), "__RequestVerificationToken" },
            { new StringContent("survey"), "kind" },
            { new StringContent("V16-2021"), "wave" },
            { new StringContent("true"), "skipInvalidRows" },
            { new StringContent("true"), "allowMissingQuestions" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "med-fel.csv" },
        };
        var response = await client.PostAsync("/Admin/Uploads", form);
        var detail = response.Headers.Location!.OriginalString;
        var id = long.Parse(detail.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("accepted", await WaitForUploadAsync(id));
        await using var connection = await web.DataSource.OpenConnectionAsync();
        Assert.Equal(["skip-1", "skip-3"], await connection.QueryAsync<string>(
            "SELECT respondent_key FROM respondent WHERE upload_id = @id ORDER BY 1", new { id }));
        Assert.True(await connection.ExecuteScalarAsync<bool>("SELECT skip_invalid_rows FROM upload WHERE id = @id", new { id }));
        var page = await client.GetStringAsync(detail);
        Assert.Contains("hoppades över", page);
        Assert.Contains("Ogiltigt svar för B_KON", page);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_rejected_with_a_message_and_nothing_stored()
    {
        var client = await web.LoggedInAsync("admin");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await SurveyWebFactory.TokenAsync(client, "/Admin/Uploads")), "__RequestVerificationToken" },
            { new StringContent("survey"), "kind" },
            { new StringContent("V16-2021"), "wave" },
            { new ByteArrayContent(new byte[1536 * 1024]), "file", "big.csv" }, // the factory's limit is 1 MB
        };
        var response = await client.PostAsync("/Admin/Uploads", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var detail = response.Headers.Location!.OriginalString;
        Assert.Equal("rejected", await WaitForUploadAsync(long.Parse(detail.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("Filen är större än gränsen på 1 MB", await client.GetStringAsync(detail));
        await using var connection = await web.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM upload_file"));
    }

    [Fact]
    public async Task An_admin_changes_a_target_in_percent_and_the_fraction_is_stored()
    {
        var client = await web.LoggedInAsync("admin");
        var response = await client.PostAsync("/Admin/Goals", await SurveyWebFactory.FormAsync(client, "/Admin/Goals",
            new() { ["code"] = "G_AVTAL", ["target"] = "95 %", ["baseline"] = "", ["comment"] = "Nytt mål <2022>" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nytt mål &lt;2022&gt;", await response.Content.ReadAsStringAsync());
        await using var connection = await web.DataSource.OpenConnectionAsync();
        Assert.Equal(0.95m, await connection.ExecuteScalarAsync<decimal>("SELECT target FROM goal WHERE code = 'G_AVTAL'"));
    }

    [Fact]
    public async Task The_goals_api_returns_the_same_json_as_the_cli_and_is_described_in_openapi()
    {
        var client = await web.LoggedInAsync("board");
        var api = await client.GetStringAsync("/api/goals?wave=V16-2021");
        var (exit, cli, _) = await Cli.CliTests.RunAsync(web.Database, "goals", "--wave", "V16-2021", "--json");
        Assert.Equal(0, exit);
        Assert.Equal(cli.Trim(), api.Trim());

        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/goals", openApi);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/goals")).StatusCode);
    }

    [Fact]
    public async Task An_analyst_orders_a_workbook_downloads_it_when_ready_and_the_board_may_not()
    {
        await Seed.SmallWaveAsync(web.DataSource, respondents: 80, seed: 11);
        var analyst = await web.LoggedInAsync("analyst");
        var response = await analyst.PostAsync("/Analyst", await SurveyWebFactory.FormAsync(analyst, "/Analyst",
            new() { ["wave"] = "V16-2021", ["administration"] = "", ["unit"] = "" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var connection = await web.DataSource.OpenConnectionAsync();
        var id = await connection.ExecuteScalarAsync<long>("SELECT id FROM report WHERE kind = 'analyst' AND period = 'V16-2021' AND scope = ''");
        for (var i = 0; i < 240 && await connection.ExecuteScalarAsync<string>("SELECT status FROM report WHERE id = @id", new { id }) == "pending"; i++)
            await Task.Delay(250);
        Assert.Equal("ready", await connection.ExecuteScalarAsync<string>("SELECT status FROM report WHERE id = @id", new { id }));

        Assert.Contains($"/reports/{id}/download", await analyst.GetStringAsync("/Analyst"));
        var download = await analyst.GetAsync($"/reports/{id}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("PK"u8.ToArray(), (await download.Content.ReadAsByteArrayAsync())[..2]);

        var board = await web.LoggedInAsync("board");
        var refused = await board.GetAsync($"/reports/{id}/download");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Forbidden", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ordering_a_workbook_for_an_unknown_wave_says_so_on_the_page()
    {
        var analyst = await web.LoggedInAsync("analyst");
        var response = await analyst.PostAsync("/Analyst", await SurveyWebFactory.FormAsync(analyst, "/Analyst",
            new() { ["wave"] = "V16-1999<script>", ["administration"] = "", ["unit"] = "" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Mätningen V16-1999&lt;script&gt; finns inte.", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> WaitForUploadAsync(long id)
    {
        await using var connection = await web.DataSource.OpenConnectionAsync();
        for (var i = 0; i < 240; i++)
        {
            var status = await connection.ExecuteScalarAsync<string>("SELECT status FROM upload WHERE id = @id", new { id });
            if (status != "pending")
                return status!;
            await Task.Delay(250);
        }
        return "pending";
    }
}
