using Npgsql;
using Survey.Ingest.Uploads;
using Survey.Reports.Goals;

namespace Survey.Scheduler.Jobs;

/// <summary>
/// After an accepted upload, count the wave's goals once in the background: the goal tally is then current, and
/// the start page, the API and the next board report answer from it at once instead of scanning the wave.
/// </summary>
internal static class GoalWarmUp
{
    public static async Task AfterAsync(NpgsqlDataSource db, UploadResult result, CancellationToken ct)
    {
        if (result.IsAccepted && result.Wave is { } wave)
            await GoalOutcomes.ComputeAsync(db, GoalSelection.ForWave(wave), ct);
    }
}
