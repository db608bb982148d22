using Microsoft.Extensions.Options;
using Npgsql;
using Survey.Ingest.Uploads;
using Survey.Scheduler.Hosting;

namespace Survey.Scheduler.Jobs;

/// <summary>
/// Ingests files dropped into the data folder's inbox: survey exports in one sub-folder per wave code
/// (inbox/V16-2021/export.csv), that wave's headcount in its personal/ folder (inbox/V16-2021/personal/), and
/// manual indicators in inbox/indikatorer/. Accepted files move to processed/ beside them, rejected ones to
/// rejected/ with a Swedish .problems.txt. A file is claimed by an atomic rename, so several servers scanning at
/// once never ingest one file twice.
/// </summary>
internal sealed class InboxJob(NpgsqlDataSource db, IOptions<SurveyOptions> options, TimeProvider time, ILogger<InboxJob> log)
{
    public const string Headcount = "personal", Indicators = "indikatorer";
    private const string Claimed = ".claimed";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);      // a file still being copied is left alone
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(30); // a claim whose server died is retried

    public async Task ScanAsync(CancellationToken ct)
    {
        var inbox = options.Value.InboxDir;
        Directory.CreateDirectory(inbox);
        foreach (var (folder, kind, wave) in Folders(inbox))
        {
            ReleaseAbandonedClaims(folder);
            foreach (var file in Directory.GetFiles(folder).Where(IsReady).Order(StringComparer.Ordinal))
                await IngestAsync(kind, wave, file, ct);
        }
    }

    /// <summary>Every folder files may be dropped into, with what they hold.</summary>
    private static IEnumerable<(string Folder, UploadKind Kind, string? Wave)> Folders(string inbox)
    {
        foreach (var folder in Directory.GetDirectories(inbox))
        {
            var name = Path.GetFileName(folder);
            if (name == Indicators)
            {
                yield return (folder, UploadKind.Indicators, null);
                continue;
            }
            yield return (folder, UploadKind.Survey, name);
            if (Directory.Exists(Path.Combine(folder, Headcount)))
                yield return (Path.Combine(folder, Headcount), UploadKind.Headcount, name);
        }
    }

    private bool IsReady(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && !name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
            && !name.EndsWith(".part", StringComparison.OrdinalIgnoreCase)
            && time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(path) > Settle;
    }

    private async Task IngestAsync(UploadKind kind, string? waveCode, string file, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(file)!;
        var name = Path.GetFileName(file);
        var claimed = Path.Combine(Directory.CreateDirectory(Path.Combine(folder, Claimed)).FullName, name);
        try
        {
            File.Move(file, claimed);
        }
        catch (Exception e) when (e is FileNotFoundException or IOException)
        {
            return; // another server claimed it first
        }
        File.SetLastWriteTimeUtc(claimed, time.GetUtcNow().UtcDateTime); // the claim's age, for ReleaseAbandonedClaims

        // The file is on disk already: it goes through the CLI's entry point, read once from where it lies, not
        // stored as bytes and read back as the web's uploads are.
        var result = await Ingestion.RunAsync(db, new IngestRequest
        {
            Kind = kind, FileName = name, Path = claimed, WaveCode = waveCode, UploadedBy = "inkorg",
            MaxBytes = options.Value.MaxUploadBytes,
        }, null, ct);
        await GoalWarmUp.AfterAsync(db, result, ct);

        var accepted = result.IsAccepted;
        var target = Path.Combine(Directory.CreateDirectory(Path.Combine(folder, accepted ? "processed" : "rejected")).FullName, name);
        if (File.Exists(target))
            target = Path.Combine(Path.GetDirectoryName(target)!,
                $"{Path.GetFileNameWithoutExtension(name)}-{time.GetUtcNow():yyyyMMddHHmmss}{Path.GetExtension(name)}");
        File.Move(claimed, target);
        if (!accepted)
            await File.WriteAllTextAsync(target + ".problems.txt", UploadReport.ToSwedishText(result), ct);
        log.LogInformation("Inbox file {File} ({Kind}, {Wave}): {Status}", name, kind, waveCode, result.Status);
    }

    private void ReleaseAbandonedClaims(string folder)
    {
        var claimedDir = Path.Combine(folder, Claimed);
        if (!Directory.Exists(claimedDir))
            return;
        foreach (var file in Directory.GetFiles(claimedDir))
        {
            if (time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(file) > Abandoned)
                File.Move(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: false);
        }
    }
}
