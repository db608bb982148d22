using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Survey.Ingest.Uploads;
using Survey.Scheduler.Jobs;
using Survey.Tests.Web;

namespace Survey.Tests.Jobs;

/// <summary>A server stopped between storing an upload or an order and enqueuing its job: a later sweep enqueues it.</summary>
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
}
