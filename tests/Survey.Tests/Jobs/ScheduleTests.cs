using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage;
using Survey.Scheduler.Hosting;
using Survey.Scheduler.Jobs;

namespace Survey.Tests.Jobs;

[Collection(Survey.Tests.Web.HangfireCollection.Name)]
public sealed class ScheduleTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>Registers the recurring jobs as a serve process does at the given moment and reads them back from storage.</summary>
    private List<RecurringJobDto> RegisteredJobs(DateTime utcNow)
    {
        Survey.Tests.Web.HangfireCollection.UseSilentLogging();
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(db.ConnectionString, options), options);
        var manager = new RecurringJobManager(storage, JobFilterProviders.Providers, new DefaultTimeZoneResolver(), () => utcNow);
        manager.RemoveIfExists(JobRegistration.BoardReportJobId);
        manager.RemoveIfExists(JobRegistration.InboxJobId);
        JobRegistration.RegisterRecurringJobs(manager, new SurveyOptions());
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs();
    }

    [Theory]
    // 05:00 in Stockholm is 04:00 UTC in winter (CET) and 03:00 UTC in summer (CEST: 29 March to 25 October 2026).
    [InlineData("2026-02-15T12:00:00Z", "2026-03-01T04:00:00Z")]
    [InlineData("2026-03-15T12:00:00Z", "2026-04-01T03:00:00Z")]
    [InlineData("2026-09-15T12:00:00Z", "2026-10-01T03:00:00Z")]
    [InlineData("2026-10-15T12:00:00Z", "2026-11-01T04:00:00Z")]
    [InlineData("2026-12-01T03:59:00Z", "2026-12-01T04:00:00Z")]
    public void The_board_report_runs_on_the_first_at_five_in_the_morning_Stockholm_time_across_daylight_saving(string now, string next)
    {
        var job = RegisteredJobs(Utc(now)).Single(j => j.Id == JobRegistration.BoardReportJobId);
        Assert.Equal("Europe/Stockholm", job.TimeZoneId);
        Assert.Equal(Utc(next), job.NextExecution);
        Assert.Equal(5, TimeZoneInfo.ConvertTimeFromUtc(job.NextExecution!.Value, Stockholm).Hour);
    }

    private static DateTime Utc(string iso) =>
        DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

    [Fact]
    public void The_inbox_is_scanned_every_minute()
    {
        var job = RegisteredJobs(DateTime.UtcNow).Single(j => j.Id == JobRegistration.InboxJobId);
        Assert.Equal("* * * * *", job.Cron);
    }

    [Fact]
    public void Abandoned_mapping_drafts_are_dropped_every_hour()
    {
        var job = RegisteredJobs(DateTime.UtcNow).Single(j => j.Id == JobRegistration.DraftPruneJobId);
        Assert.Equal(("15 * * * *", "Europe/Stockholm"), (job.Cron, job.TimeZoneId));
    }

    [Theory]
    [InlineData("2026-11-30T23:30:00Z", "2026-11")] // already 1 December in Stockholm
    [InlineData("2026-12-01T04:00:00Z", "2026-11")]
    [InlineData("2026-03-31T22:30:00Z", "2026-03")] // 1 April 00:30 summer time
    [InlineData("2027-01-01T04:00:00Z", "2026-12")]
    public void The_monthly_job_reports_on_the_previous_month_in_Stockholm(string utc, string period) =>
        Assert.Equal(period, BoardReportJob.PreviousMonth(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
}
