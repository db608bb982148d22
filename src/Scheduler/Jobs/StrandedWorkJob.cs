using Dapper;
using Hangfire;
using Npgsql;

namespace Survey.Scheduler.Jobs;

/// <summary>
/// Web uploads and analyst orders are stored first and their job enqueued after; a server stopped in between leaves
/// them waiting with no job. Every few minutes this enqueues a job for whatever has waited longer than any job
/// should: running one twice is harmless, as both jobs check their row first and a decided one is left alone.
/// An upload with no bytes waiting (a CLI ingest) whose process died, or lost its database, is marked failed with a
/// Swedish reason: a running ingest holds its upload row locked, so only the dead ones are seen.
/// </summary>
internal sealed class StrandedWorkJob(NpgsqlDataSource db, IBackgroundJobClient jobs, TimeProvider time)
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    public const string AbandonedMessage =
        "Inläsningen avbröts innan den blev klar: programmet som läste in filen stoppades eller tappade kontakten med " +
        "databasen. Ingenting sparades. Ladda upp filen igen.";

    private static readonly string Abandoned = System.Text.Json.JsonSerializer.Serialize(
        new[] { new Survey.Ingest.Uploads.UploadProblem(null, null, null, AbandonedMessage) }, Survey.Ingest.Uploads.UploadResult.Json);

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
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE upload SET status = 'failed', finished_at = now(), problems = @problems::jsonb
            WHERE id IN (SELECT u.id FROM upload u WHERE u.status = 'pending' AND u.uploaded_at < @before
                           AND NOT EXISTS (SELECT 1 FROM upload_file f WHERE f.upload_id = u.id)
                         FOR UPDATE SKIP LOCKED)
            """, new { before, problems = Abandoned }, cancellationToken: ct));
        foreach (var id in uploads)
            jobs.Enqueue<PendingUploadJob>(job => job.ProcessAsync(id, CancellationToken.None));
        foreach (var id in orders)
            jobs.Enqueue<AnalystReportJob>(job => job.RunAsync(id, CancellationToken.None));
        return uploads.Count + orders.Count;
    }
}
