using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Survey.Scheduler.Jobs;
using Survey.Tests.Web;

namespace Survey.Tests.Jobs;

[Collection(Survey.Tests.Web.HangfireCollection.Name)]
public sealed class BoardReportJobTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Two_serve_processes_triggering_the_monthly_job_for_one_period_produce_exactly_one_report()
    {
        await Seed.SmallWaveAsync(db.DataSource);
        var dataDir = Directory.CreateTempSubdirectory("survey-jobs-").FullName;
        await using var first = await RunningHost.StartAsync(db.ConnectionString, dataDir);
        await using var second = await RunningHost.StartAsync(db.ConnectionString, dataDir);

        foreach (var host in new[] { first, second })
        {
            var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
            for (var i = 0; i < 3; i++)
                jobs.Enqueue<BoardReportJob>(job => job.RunAsync("2021-04", CancellationToken.None));
        }

        // Count only the board report jobs: the inbox job of both servers may run meanwhile, at each full minute.
        var monitoring = first.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        int BoardJobs(IEnumerable<Type?> types) => types.Count(t => t == typeof(BoardReportJob));
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (BoardJobs(monitoring.SucceededJobs(0, 1000).Select(j => j.Value.Job?.Type)) < 6 && DateTime.UtcNow < deadline)
        {
            Assert.Equal(0, BoardJobs(monitoring.FailedJobs(0, 1000).Select(j => j.Value.Job?.Type)));
            await Task.Delay(250);
        }
        Assert.Equal(6, BoardJobs(monitoring.SucceededJobs(0, 1000).Select(j => j.Value.Job?.Type)));

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var reports = await connection.QueryAsync<(string Period, int Bytes)>(
            "SELECT period, length(content) FROM report WHERE kind = 'board'");
        var report = Assert.Single(reports);
        Assert.Equal("2021-04", report.Period);
        Assert.True(report.Bytes > 1000);
        Directory.Delete(dataDir, recursive: true);
    }
}
