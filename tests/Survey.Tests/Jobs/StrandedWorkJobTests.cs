using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Survey.Ingest.Uploads;
using Survey.Scheduler.Jobs;
using Survey.Tests.Web;

namespace Survey.Tests.Jobs;

/// <summary>A server stopped between storing an upload or an order and enqueuing its job: a later sweep enqueues it.
/// A CLI ingest killed half-way: the sweep marks its upload failed, and the file can be uploaded again.</summary>
[Collection(HangfireCollection.Name)]
public sealed class StrandedWorkJobTests(SurveyWebFactory web) : IClassFixture<SurveyWebFactory>
{
    [Fact]
    public async Task An_upload_and_an_order_left_without_a_job_are_done_by_the_next_sweep()
    {
        var export = Path.Combine(web.DataDir, "stranded.csv");
        await Seed.WriteExportAsync(web.DataSource, export, respondents: 40, seed: 5);
        long upload, fresh;
        await using (var content = File.OpenRead(export))
            upload = await PendingUploads.CreateAsync(web.DataSource, UploadKind.Survey, "V16-2021", "stranded.csv", content,
                "admin", 1 << 20, skipInvalidRows: false, default);
        await using (var content = File.OpenRead(export))
            fresh = await PendingUploads.CreateAsync(web.DataSource, UploadKind.Survey, "V16-2021", "fresh.csv", content,
                "admin", 1 << 20, skipInvalidRows: false, default);
        await using var connection = await web.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE upload SET uploaded_at = now() - interval '20 minutes' WHERE id = @upload", new { upload });
        var order = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO report (kind, period, scope, status, file_name, ordered_by, created_at)
            VALUES ('analyst', 'V16-2021', '', 'pending', 'analys-V16-2021.xlsx', 'analyst', now() - interval '20 minutes')
            RETURNING id
            """);

        using var scope = web.Services.CreateScope();
        Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<StrandedWorkJob>().RequeueAsync(default));

        for (var i = 0; i < 240 && await Pending(); i++)
            await Task.Delay(250);
        Assert.Equal("accepted", await connection.ExecuteScalarAsync<string>("SELECT status FROM upload WHERE id = @upload", new { upload }));
        Assert.Equal("ready", await connection.ExecuteScalarAsync<string>("SELECT status FROM report WHERE id = @order", new { order }));
        // The fresh one has not waited long enough: its own job is still expected.
        Assert.Equal("pending", await connection.ExecuteScalarAsync<string>("SELECT status FROM upload WHERE id = @fresh", new { fresh }));

        async Task<bool> Pending() => await connection.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM upload WHERE id = @upload AND status = 'pending')
                OR EXISTS (SELECT 1 FROM report WHERE id = @order AND status = 'pending')
            """, new { upload, order });
    }

    [Fact]
    public async Task A_killed_CLI_ingest_is_marked_failed_by_the_sweep_and_its_page_stops_refreshing()
    {
        var export = Path.Combine(web.DataDir, "killed.csv");
        await Seed.WriteExportAsync(web.DataSource, export, respondents: 2_000, seed: 7);
        // The CLI reads a pipe that stalls after 100 KB: it is then surely in the middle of its COPY when killed.
        var pipe = Path.Combine(web.DataDir, "killed.pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", pipe))
            await mkfifo.WaitForExitAsync();
        var cli = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "survey.dll"), "ingest", pipe, "--wave", "V16-2021"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Survey"] = web.Database.ConnectionString },
        };
        await using var connection = await web.DataSource.OpenConnectionAsync();
        using (var process = System.Diagnostics.Process.Start(cli)!)
        {
            // Opening a pipe waits for its reader: bounded, in case the CLI never gets that far.
            await using var writer = await Task.Run(() => new FileStream(pipe, FileMode.Open, FileAccess.Write))
                .WaitAsync(TimeSpan.FromMinutes(2));
            await writer.WriteAsync((await File.ReadAllBytesAsync(export)).AsMemory(0, 100_000));
            await writer.FlushAsync();
            for (var i = 0; i < 600 && !await Copying(); i++)
                await Task.Delay(50);
            Assert.True(await Copying(), "the CLI never reached its COPY");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var id = await connection.ExecuteScalarAsync<long>("SELECT id FROM upload WHERE file_name = 'killed.pipe'");
        // A live ingest holds its row locked: the sweep leaves it alone however old it is.
        var live = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO upload (kind, wave_id, file_name, sha256, size_bytes, uploaded_by, status, uploaded_at)
            VALUES ('survey', 1, 'live.csv', '', 0, 'cli', 'pending', now() - interval '1 hour') RETURNING id
            """);
        await using var holder = await web.DataSource.OpenConnectionAsync();
        await using var running = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM upload WHERE id = @live FOR UPDATE", new { live });
        await connection.ExecuteAsync("UPDATE upload SET uploaded_at = now() - interval '20 minutes' WHERE id = @id", new { id });

        using var scope = web.Services.CreateScope();
        var sweep = scope.ServiceProvider.GetRequiredService<StrandedWorkJob>();
        for (var i = 0; i < 100 && await Status(id) == "pending"; i++)
        {
            await sweep.RequeueAsync(default); // the server may take a moment to see the killed connection go
            await Task.Delay(100);
        }

        var (status, _, problems) = await Ingest.IngestFixture.UploadRowAsync(web.Database, id);
        Assert.Equal("failed", status);
        Assert.Contains(StrandedWorkJob.AbandonedMessage, problems);
        Assert.Equal("pending", await Status(live));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM respondent WHERE upload_id = @id", new { id }));

        var page = await (await web.LoggedInAsync("admin")).GetStringAsync($"/Admin/Upload?id={id}");
        Assert.DoesNotContain("http-equiv=\"refresh\"", page);
        Assert.Contains(StrandedWorkJob.AbandonedMessage, System.Net.WebUtility.HtmlDecode(page));

        var again = await Ingestion.RunAsync(web.DataSource, new IngestRequest
        {
            Kind = UploadKind.Survey, FileName = "killed.csv", Path = export, WaveCode = "V16-2021",
        }, null, default);
        Assert.Equal("accepted", again.Status);

        async Task<bool> Copying() => await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY%respondent%')");
        async Task<string> Status(long upload) =>
            (await connection.ExecuteScalarAsync<string>("SELECT status FROM upload WHERE id = @upload", new { upload }))!;
    }
}
