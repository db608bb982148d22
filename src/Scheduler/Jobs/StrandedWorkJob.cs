using Dapper;
using Hangfire;
using Npgsql;

namespace Survey.Scheduler.Jobs;

/// <summary>
/// Web uploads and analyst orders are stored first and their job enqueued after; a server stopped in between leaves
/// them waiting with no job. Every few minutes this enqueues a job for whatever has waited longer than any job
/// should: running one twice is harmless, as both jobs check their row first and a decided one is left alone.
/// </summary>
internal sealed class StrandedWorkJob(NpgsqlDataSource db, IBackgroundJobClient jobs, TimeProvider time)
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    /// <summary>Returns how many jobs it enqueued.</summary>
    public async Task<int> RequeueAsync(CancellationToken ct)
    {
        var before = (time.GetUtcNow() - Patience).UtcDateTime;
        await using var connection = await db.OpenConnectionAsync(ct);
        // Only uploads whose bytes wait in upload_file: a CLI ingest is 'pending' while it runs, in its own process.
        var uploads = (await connection.QueryAsync<long>(new CommandDefinition("""
            SELECT u.id FROM upload u WHERE u.status = 'pending' AND u.uploaded_at < @before
              AND EXISTS (SELECT 1 FROM upload_file f WHERE f.upload_id = u.id)
            """, new { before }, cancellationToken: ct))).ToList();
        var orders = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM report WHERE kind = 'analyst' AND status = 'pending' AND created_at < @before",
            new { before }, cancellationToken: ct))).ToList();
        foreach (var id in uploads)
            jobs.Enqueue<PendingUploadJob>(job => job.ProcessAsync(id, CancellationToken.None));
        foreach (var id in orders)
            jobs.Enqueue<AnalystReportJob>(job => job.RunAsync(id, CancellationToken.None));
        return uploads.Count + orders.Count;
    }
}
