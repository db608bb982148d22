using Npgsql;
using Survey.Ingest.Uploads;

namespace Survey.Scheduler.Jobs;

/// <summary>Ingests an upload the web page stored as pending. Takes the upload's id; processing twice is harmless.</summary>
internal sealed class PendingUploadJob(NpgsqlDataSource db)
{
    public async Task ProcessAsync(long uploadId, CancellationToken ct) =>
        await GoalWarmUp.AfterAsync(db, await PendingUploads.ProcessAsync(db, uploadId, ct), ct);
}
