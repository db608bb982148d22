using System.Net;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Survey.Reports.Board;
using Survey.Scheduler.Audit;
using Survey.Scheduler.Hosting;

namespace Survey.Tests.Web;

/// <summary>The audit log holds exactly the rows a scripted session produced, from the address it came from.</summary>
[Collection(HangfireCollection.Name)]
public sealed class AuditTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private sealed record Row(string? Actor, string Action, string? Target, string? Detail, string? Address);

    [Fact]
    public async Task A_scripted_session_leaves_one_row_per_action_and_the_csv_export_holds_them()
    {
        foreach (var role in Survey.Scheduler.Accounts.Roles.All)
            await Survey.Scheduler.Accounts.Accounts.AddAsync(db.DataSource, role, role, SurveyWebFactory.Password, replace: false, default);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("DELETE FROM audit_event");
        await Seed.SmallWaveAsync(db.DataSource, respondents: 60);
        await BoardReports.EnsureAsync(db.DataSource, "2021-04", default);
        var work = Directory.CreateTempSubdirectory("survey-audit-").FullName;
        await using var host = await RunningHost.StartAsync(db.ConnectionString, work);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = host.Address };

        await client.PostAsync("/Login", await SurveyWebFactory.FormAsync(client, "/Login", new() { ["name"] = "admin", ["password"] = "fel-lösenord-1" }));
        await client.PostAsync("/Login", await SurveyWebFactory.FormAsync(client, "/Login", new() { ["name"] = "admin", ["password"] = SurveyWebFactory.Password }));
        await client.PostAsync("/Admin/Goals", await SurveyWebFactory.FormAsync(client, "/Admin/Goals",
            new() { ["code"] = "G_DISTANS", ["target"] = "45 %", ["baseline"] = "", ["comment"] = "Höjt" }));
        using (var form = new MultipartFormDataContent
               {
                   { new StringContent(await SurveyWebFactory.TokenAsync(client, "/Admin/Uploads")), "__RequestVerificationToken" },
                   { new StringContent("survey"), "kind" }, { new StringContent("V16-2021"), "wave" },
                   { new ByteArrayContent("Svars-ID;B_FORV\nx;HSF\n"u8.ToArray()), "file", "export.csv" },
               })
            await client.PostAsync("/Admin/Uploads", form);
        await client.PostAsync("/Admin/Users?handler=Add", await SurveyWebFactory.FormAsync(client, "/Admin/Users",
            new() { ["name"] = "eva", ["role"] = "analyst" }));
        await client.PostAsync("/Analyst", await SurveyWebFactory.FormAsync(client, "/Analyst", new() { ["wave"] = "V16-2021" }));
        var reports = await client.GetStringAsync("/Reports");
        var download = System.Text.RegularExpressions.Regex.Match(reports, @"/reports/(\d+)/download");
        var workbook = await client.GetByteArrayAsync(download.Value);
        await client.PostAsync("/Logout", await SurveyWebFactory.FormAsync(client, "/", []));

        await using var db2 = await db.DataSource.OpenConnectionAsync();
        var rows = (await db2.QueryAsync<Row>("SELECT actor, action, target, detail, address FROM audit_event ORDER BY id")).ToList();
        var upload = await db2.ExecuteScalarAsync<long>("SELECT max(id) FROM upload WHERE file_name = 'export.csv'");
        var order = await db2.ExecuteScalarAsync<long>("SELECT id FROM report WHERE kind = 'analyst'");
        Row[] expected =
        [
            new("admin", Audit.Actions.SignInFailed, "user admin", "fel lösenord eller okänt konto", "127.0.0.1"),
            new("admin", Audit.Actions.SignIn, "user admin", "lösenord", "127.0.0.1"),
            new("admin", Audit.Actions.GoalChange, "goal G_DISTANS", "målvärde 45 %, utgångsvärde tomt, kommentar \"Höjt\"", "127.0.0.1"),
            new("admin", Audit.Actions.Upload, $"upload {upload}", "Enkätexport V16-2021 export.csv (22 byte)", "127.0.0.1"),
            new("admin", Audit.Actions.UserChange, "user eva", "skapade kontot med rollen analyst", "127.0.0.1"),
            new("admin", Audit.Actions.ReportOrder, $"report {order}", "analysunderlag V16-2021, förvaltning alla, enhet alla", "127.0.0.1"),
            new("admin", Audit.Actions.ReportDownload, $"report {download.Groups[1].Value}",
                $"styrelserapport-2021-04.xlsx SHA-256 {Convert.ToHexStringLower(SHA256.HashData(workbook))}", "127.0.0.1"),
            new("admin", Audit.Actions.SignOut, "user admin", null, "127.0.0.1"),
        ];
        Assert.Equal(expected, rows);

        // The admin page filters, and exports the same rows as CSV (a formula-like cell stays text).
        await client.PostAsync("/Login", await SurveyWebFactory.FormAsync(client, "/Login", new() { ["name"] = "admin", ["password"] = SurveyWebFactory.Password }));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Admin/Audit?action=report-download"));
        Assert.Contains("Hämtad arbetsbok", page);
        Assert.DoesNotContain("Beställd arbetsbok</td>", page);
        var csv = await client.GetStringAsync("/Admin/Audit?handler=Csv&action=goal-change");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("tid;konto;händelse;kod;objekt;detaljer;adress", lines[0]);
        Assert.Single(lines[1..]);
        Assert.EndsWith(";admin;Ändrat mål;goal-change;goal G_DISTANS;\"målvärde 45 %, utgångsvärde tomt, kommentar \"\"Höjt\"\"\";127.0.0.1", lines[1]);
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task Rows_older_than_the_retention_are_pruned()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO audit_event (at, actor, action) VALUES (now() - interval '31 days', 'old', 'sign-in'), (now() - interval '29 days', 'kept', 'sign-in')
            """);
        var job = new AuditPruneJob(db.DataSource, Options.Create(new SurveyOptions { AuditRetentionDays = 30 }), TimeProvider.System);
        Assert.Equal(1, await job.PruneAsync(default));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_event WHERE actor = 'old'"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_event WHERE actor = 'kept'"));
    }
}
