using Hangfire;
using Microsoft.Extensions.Options;
using Survey.Scheduler.Hosting;

namespace Survey.Scheduler.Jobs;

/// <summary>All recurring jobs, registered in one place, in Stockholm time (Hangfire's default is UTC).</summary>
internal static class JobRegistration
{
    public const string BoardReportJobId = "board-report-monthly";
    public const string InboxJobId = "inbox-ingest";
    public const string StrandedWorkJobId = "requeue-stranded-work";
    public const string AuditPruneJobId = "audit-prune";
    public const string DraftPruneJobId = "upload-draft-prune";

    public static IServiceCollection AddSurveyJobs(this IServiceCollection services)
    {
        services.AddTransient<BoardReportJob>();
        services.AddTransient<InboxJob>();
        services.AddTransient<PendingUploadJob>();
        services.AddTransient<AnalystReportJob>();
        services.AddTransient<StrandedWorkJob>();
        services.AddTransient<Audit.AuditPruneJob>();
        services.AddTransient<DraftPruneJob>();
        services.AddHostedService<RecurringJobsRegistration>();
        return services;
    }

    public static void RegisterRecurringJobs(IRecurringJobManager jobs, SurveyOptions options)
    {
        var inStockholm = new RecurringJobOptions { TimeZone = Stockholm.TimeZone };
        jobs.AddOrUpdate<BoardReportJob>(BoardReportJobId, job => job.RunForPreviousMonthAsync(CancellationToken.None),
            options.BoardReportCron, inStockholm);
        jobs.AddOrUpdate<InboxJob>(InboxJobId, job => job.ScanAsync(CancellationToken.None), options.InboxCron, inStockholm);
        jobs.AddOrUpdate<StrandedWorkJob>(StrandedWorkJobId, job => job.RequeueAsync(CancellationToken.None), "*/5 * * * *", inStockholm);
        jobs.AddOrUpdate<Audit.AuditPruneJob>(AuditPruneJobId, job => job.PruneAsync(CancellationToken.None), "30 3 * * *", inStockholm);
        jobs.AddOrUpdate<DraftPruneJob>(DraftPruneJobId, job => job.PruneAsync(CancellationToken.None), "15 * * * *", inStockholm);
    }

    /// <summary>Registers on start-up; every serve process does it, AddOrUpdate makes that harmless.</summary>
    private sealed class RecurringJobsRegistration(IRecurringJobManager jobs, IOptions<SurveyOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            RegisterRecurringJobs(jobs, options.Value);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
