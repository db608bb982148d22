using Dapper;
using Npgsql;

namespace Survey.Ingest.Uploads;

/// <summary>
/// Ingests one upload (CLI, tests, benchmark): logs it in upload, reads it once and stores it in one transaction.
/// A crash, kill or cancellation at any point leaves the data as before; the log row then says 'failed' (or stays
/// 'pending' when the process itself died).
/// </summary>
internal static class Ingestion
{
    public static async Task<UploadResult> RunAsync(NpgsqlDataSource db, IngestRequest request, IProgress<long>? progress,
        CancellationToken ct)
    {
        if (request.Kind.NeedsWave() && string.IsNullOrWhiteSpace(request.WaveCode))
            throw new UserError("A wave code is required for survey exports and headcount (--wave).");
        var raw = OpenContent(request, out var knownLength);
        await using var ownedFile = request.Path is null ? null : raw; // a caller's stream stays the caller's
        await using var connection = await db.OpenConnectionAsync(ct);
        var waveCode = request.Kind.NeedsWave() ? request.WaveCode!.Trim() : null;
        var waveId = await UploadLog.WaveIdAsync(connection, waveCode, ct);

        long uploadId = 0;
        if (!request.DryRun)
            uploadId = await UploadLog.CreateAsync(connection, request.Kind, waveId, request.FileName, "",
                knownLength ?? 0, request.UploadedBy, "pending", request.SkipInvalidRows, ct, request.AllowMissingQuestions);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (request.DryRun)
                uploadId = await UploadLog.CreateAsync(connection, request.Kind, waveId, request.FileName, "",
                    knownLength ?? 0, request.UploadedBy, "pending", request.SkipInvalidRows, ct, request.AllowMissingQuestions);
            else
                await connection.ExecuteAsync(new CommandDefinition("SELECT 1 FROM upload WHERE id = @uploadId FOR UPDATE",
                    new { uploadId }, cancellationToken: ct));

            var job = new UploadJob(uploadId, request.Kind, request.FileName, waveCode, waveId, request.SkipInvalidRows,
                request.MaxBytes)
            {
                AllowMissingQuestions = request.AllowMissingQuestions,
                Profile = request.Kind == UploadKind.Survey ? request.Profile : null,
                DryRun = request.DryRun,
            };
            var result = await UploadProcessor.RunAsync(connection, transaction, job, raw, knownLength, progress, ct);
            if (request.DryRun)
            {
                await transaction.RollbackAsync(ct);
                return result with { UploadId = 0 };
            }
            using (Timings.Phase("commit"))
                await transaction.CommitAsync(ct);
            return result;
        }
        catch (Exception e) when (!request.DryRun)
        {
            await UploadLog.MarkFailedAsync(db, uploadId, FailureMessage(e));
            throw;
        }
    }

    internal static string FailureMessage(Exception e) => e is OperationCanceledException
        ? "Inläsningen avbröts. Ingenting sparades."
        : DatabaseFault.Describe(e) ?? $"Inläsningen misslyckades av ett internt fel ({e.GetType().Name}). Ingenting sparades.";

    private static Stream OpenContent(IngestRequest request, out long? knownLength)
    {
        if (request.Path is { } path)
        {
            if (!File.Exists(path))
                throw new UserError($"Filen {path} finns inte.");
            try
            {
                var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                // A pipe or device (/dev/stdin) has no length: it is counted against the limit as it is read.
                knownLength = file.CanSeek ? file.Length : null;
                return file;
            }
            catch (UnauthorizedAccessException)
            {
                throw new UserError($"Filen {path} går inte att läsa: behörighet saknas.");
            }
            catch (IOException e)
            {
                throw new UserError($"Filen {path} går inte att öppna: {e.Message}");
            }
        }
        var content = request.Content ?? throw new ArgumentException("An ingest request needs Content or Path.", nameof(request));
        knownLength = content.CanSeek ? content.Length - content.Position : null;
        return content;
    }
}
