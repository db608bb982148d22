using System.Text.Json;
using Dapper;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Survey.Reports.Analyst;
using Survey.Scheduler.Jobs;
using Survey.Tests.Cli;
using Survey.Tests.Ingest;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Catalogue;

/// <summary>
/// A misspelt administration ("Regional utvekling") arrives with an export, is merged into Regional utveckling, which
/// is later renamed: the administration rows of both waves line up under one name, the stored answers do not move,
/// and an analyst order placed before the rename still runs. Shares of D_DAGAR ≥ 1 counted by hand.
/// </summary>
public sealed class OrganisationTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private const string Header = "Svars-ID;B_FORV;B_ENHET;D_DAGAR";

    // Regionstab 4 of 6, Regional utveckling 2 of 6, the misspelling 4 of 5 (merged: 6 of 11).
    private static readonly string Export2021 = Rows(Header,
        ("RS", "RS-0001", [1, 0, 2, 0, 3, 1]), ("RU", "RU-0001", [0, 0, 1, 2, 0, 0]), ("Regional utvekling", "RU-0002", [1, 1, 0, 2, 1]));

    // Regionstab 3 of 5; the misspelling, still in the HR tool, 3 of 5.
    private static readonly string Export2022 = Rows(Header, ("RS", "RS-0001", [1, 1, 1, 0, 0]), ("Regional utvekling", "RU-0001", [2, 0, 0, 1, 1]));

    [Fact]
    public async Task Merged_and_renamed_administrations_line_up_across_waves_and_stored_answers_do_not_move()
    {
        using var dir = new TempFolder();
        var (exit, output, error) = await Cli("ingest", dir.Write("2021.csv", Export2021), "--wave", "V16-2021", "--allow-missing-questions");
        Assert.True(exit == 0, error);
        Assert.Contains("Nya förvaltningar: Regional utvekling (5 svar)", output);
        Assert.Equal([("Regionstab", 6L, 4 / 6.0), ("Regional utveckling", 6L, 2 / 6.0), ("Regional utvekling", 5L, 4 / 5.0)],
            await DistansByAdministrationAsync("V16-2021"));
        var stored = await Samples.WaveContentAsync(db, "V16-2021");
        // An order placed now, by the name the administration has today; no server runs its job until after the rename.
        Survey.Tests.Web.HangfireCollection.UseSilentLogging();
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(db.ConnectionString, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions());
        var order = await AnalystOrder.PlaceAsync(db.DataSource, new BackgroundJobClient(storage), "V16-2021",
            [("administration", "regional utveckling"), ("unit", "")], "analytiker", default);
        var regionalUtveckling = await Ingest.IngestFixture.ScalarAsync<short>(db, "SELECT id FROM administration WHERE code = 'RU'");
        await using (var ordered = await db.DataSource.OpenConnectionAsync())
            Assert.Equal(($"administration={regionalUtveckling}", (short?)regionalUtveckling, (string?)null, "analys-V16-2021-RU.xlsx"),
                await ordered.QuerySingleAsync<(string, short?, string?, string)>(
                    "SELECT scope, administration_id, unit_code, file_name FROM report WHERE id = @order", new { order }));

        (exit, output, error) = await Cli("org", "merge", "regional utvekling", "RU");
        Assert.True(exit == 0, error);
        Assert.Contains("Regional utvekling är sammanslagen med Regional utveckling", output);
        Assert.Equal([("Regionstab", 6L, 4 / 6.0), ("Regional utveckling", 11L, 6 / 11.0)], await DistansByAdministrationAsync("V16-2021"));

        Assert.Equal(0, (await Cli("waves", "add", "V16-2022", "--name", "V16 2022", "--from", "2022-04-18", "--to", "2022-04-24")).Exit);
        (exit, output, error) = await Cli("ingest", dir.Write("2022.csv", Export2022), "--wave", "V16-2022", "--allow-missing-questions");
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("Nya förvaltningar", output);
        (exit, _, error) = await Cli("org", "rename", "Regional utveckling", "--name", "Regional utveckling och kultur", "--code", "RUK");
        Assert.True(exit == 0, error);

        Assert.Equal([("Regionstab", 6L, 4 / 6.0), ("Regional utveckling och kultur", 11L, 6 / 11.0)], await DistansByAdministrationAsync("V16-2021"));
        Assert.Equal([("Regionstab", 5L, 3 / 5.0), ("Regional utveckling och kultur", 5L, 3 / 5.0)], await DistansByAdministrationAsync("V16-2022"));
        Assert.Equal(stored, await Samples.WaveContentAsync(db, "V16-2021"));

        await new AnalystReportJob(db.DataSource).RunAsync(order, default);
        await using (var done = await db.DataSource.OpenConnectionAsync())
        {
            var (status, content) = await done.QuerySingleAsync<(string, byte[]?)>("SELECT status, content FROM report WHERE id = @order", new { order });
            Assert.Equal("ready", status);
            using var read = new WorkbookReader(content!);
            Assert.Contains("Förvaltning: Regional utveckling och kultur", read.Rows("Måltabell")[0]["A"]);
        }

        var list = (await Cli("org", "list", "--wave", "V16-2022")).Out;
        Assert.Matches(@"Regional utveckling och kultur\s+RUK\s+regional utveckling, ru", list);
        Assert.Contains("(sammanslagen med Regional utveckling och kultur)", list);
        Assert.Matches(@"Regional utveckling och kultur\s+RU-0001\s+5\s+–", list);

        (exit, _, error) = await Cli("org", "merge", "RS", "Regionstab");
        Assert.Equal((2, "error: Regionstab och Regionstab är redan samma förvaltning."), (exit, error.Trim()));
        (exit, _, error) = await Cli("org", "alias", "RS", "RUK");
        Assert.Equal((2, "error: \"RUK\" är redan namn, kod eller alias för en annan förvaltning."), (exit, error.Trim()));

        // Every change made on the command line is in the audit log, by the operating-system user; refusals are not.
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var audit = (await connection.QueryAsync<(string Actor, string Action, string? Target)>(
            "SELECT actor, action, target FROM audit_event ORDER BY id")).ToList();
        Assert.All(audit, row => Assert.Equal($"cli:{Environment.UserName}", row.Actor));
        Assert.Equal(["upload", "organisation-change", "wave-change", "upload", "organisation-change"], audit.Select(row => row.Action));
        Assert.StartsWith("upload ", audit[0].Target);
    }

    private async Task<List<(string, long, double)>> DistansByAdministrationAsync(string wave)
    {
        var (_, json, _) = await Cli("goals", "--wave", wave, "--json");
        return JsonDocument.Parse(json).RootElement.GetProperty("goals").EnumerateArray()
            .Single(g => g.GetProperty("code").GetString() == "G_DISTANS").GetProperty("breakdowns").GetProperty("administration")
            .EnumerateArray().Select(g => (g.GetProperty("group").GetString()!, g.GetProperty("n").GetInt64(), g.GetProperty("outcome").GetDouble()))
            .ToList();
    }

    private static string Rows(string header, params (string Administration, string Unit, int[] Days)[] groups)
    {
        var id = 0;
        return string.Join("\n", [header, .. groups.SelectMany(g => g.Days.Select(d => $"{++id};{g.Administration};{g.Unit};{d}"))]) + "\n";
    }

    private Task<(int Exit, string Out, string Error)> Cli(params string[] args) => CliTests.RunAsync(db, args);
}
