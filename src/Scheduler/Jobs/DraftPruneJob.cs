using Npgsql;
using Survey.Ingest.Uploads;

namespace Survey.Scheduler.Jobs;

/// <summary>
/// Hourly: drops the upload page's mapping drafts older than <see cref="UploadDrafts.MaxAge"/> (24 hours), files an
/// administrator held back and then left. Harmless to run twice.
/// </summary>
internal sealed class DraftPruneJob(NpgsqlDataSource db, TimeProvider time)
{
    /// <summary>Returns how many drafts it dropped.</summary>
    public Task<int> PruneAsync(CancellationToken ct) => UploadDrafts.PruneAsync(db, time.GetUtcNow(), ct);
}
