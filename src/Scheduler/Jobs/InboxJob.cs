using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Survey.Ingest.Uploads;
using Survey.Scheduler.Hosting;

namespace Survey.Scheduler.Jobs;

/// <summary>
/// Ingests survey exports dropped into the data folder's inbox, one sub-folder per wave code:
/// inbox/V16-2021/export.csv. Accepted files move to inbox/V16-2021/processed/, rejected ones to
/// inbox/V16-2021/rejected/ with a Swedish .problems.txt beside them. A file is claimed by an atomic rename, so
/// several servers scanning at once never ingest one file twice.
/// </summary>
internal sealed class InboxJob(NpgsqlDataSource db, IOptions<SurveyOptions> options, TimeProvider time, ILogger<InboxJob> log)
{
    private const string Claimed = ".claimed";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);      // a file still being copied is left alone
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(30); // a claim whose server died is retried

    public async Task ScanAsync(CancellationToken ct)
    {
        var inbox = options.Value.InboxDir;
        Directory.CreateDirectory(inbox);
        foreach (var waveDir in Directory.GetDirectories(inbox))
        {
            ReleaseAbandonedClaims(waveDir);
            foreach (var file in Directory.GetFiles(waveDir).Where(IsReady).Order(StringComparer.Ordinal))
                await IngestAsync(Path.GetFileName(waveDir), file, ct);
        }
    }

    private bool IsReady(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && !name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
            && !name.EndsWith(".part", StringComparison.OrdinalIgnoreCase)
            && time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(path) > Settle;
    }

    private async Task IngestAsync(string waveCode, string file, CancellationToken ct)
    {
        var waveDir = Path.GetDirectoryName(file)!;
        var name = Path.GetFileName(file);
        var claimed = Path.Combine(Directory.CreateDirectory(Path.Combine(waveDir, Claimed)).FullName, name);
        try
        {
            File.Move(file, claimed);
        }
        catch (Exception e) when (e is FileNotFoundException or IOException)
        {
            return; // another server claimed it first
        }
        File.SetLastWriteTimeUtc(claimed, time.GetUtcNow().UtcDateTime); // the claim's age, for ReleaseAbandonedClaims

        UploadResult result;
        await using (var content = File.OpenRead(claimed))
        {
            var uploadId = await PendingUploads.CreateAsync(db, UploadKind.Survey, waveCode, name, content, "inkorg",
                options.Value.MaxUploadBytes, skipInvalidRows: false, ct);
            result = await PendingUploads.ProcessAsync(db, uploadId, ct);
        }
        await GoalWarmUp.AfterAsync(db, result, ct);

        var accepted = result.IsAccepted;
        var target = Path.Combine(Directory.CreateDirectory(Path.Combine(waveDir, accepted ? "processed" : "rejected")).FullName, name);
        if (File.Exists(target))
            target = Path.Combine(Path.GetDirectoryName(target)!,
                $"{Path.GetFileNameWithoutExtension(name)}-{time.GetUtcNow():yyyyMMddHHmmss}{Path.GetExtension(name)}");
        File.Move(claimed, target);
        if (!accepted)
            await File.WriteAllTextAsync(target + ".problems.txt", UploadReport.ToSwedishText(result), ct);
        log.LogInformation("Inbox file {File} for {Wave}: {Status}", name, waveCode, result.Status);
    }

    private void ReleaseAbandonedClaims(string waveDir)
    {
        var claimedDir = Path.Combine(waveDir, Claimed);
        if (!Directory.Exists(claimedDir))
            return;
        foreach (var file in Directory.GetFiles(claimedDir))
        {
            if (time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(file) > Abandoned)
                File.Move(file, Path.Combine(waveDir, Path.GetFileName(file)), overwrite: false);
        }
    }
}
