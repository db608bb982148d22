using Npgsql;
using Survey.Reports.Board;

namespace Survey.Scheduler.Jobs;

/// <summary>
/// The monthly board report. Safe to run twice, on any number of servers: the report table's unique constraint
/// on (kind, period, scope) keeps exactly one report per period.
/// </summary>
internal sealed class BoardReportJob(NpgsqlDataSource db, TimeProvider time, ILogger<BoardReportJob> log)
{
    public Task RunForPreviousMonthAsync(CancellationToken ct) => RunAsync(PreviousMonth(time.GetUtcNow()), ct);

    public async Task RunAsync(string period, CancellationToken ct)
    {
        var created = await BoardReports.EnsureAsync(db, period, ct);
        log.LogInformation(created ? "Board report for {Period} created" : "Board report for {Period} already existed", period);
    }

    /// <summary>The month before the current one in Stockholm, as 'YYYY-MM'.</summary>
    public static string PreviousMonth(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Stockholm.TimeZone);
        return new DateOnly(local.Year, local.Month, 1).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
    }
}
