using Dapper;
using Npgsql;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Uploads;

/// <summary>
/// Uploads that arrive through the web: stored first (status 'pending', bytes in upload_file), then
/// ingested by a background job that may run more than once. Jobs pass the upload id, never the bytes.
/// </summary>
internal static class PendingUploads
{
    /// <summary>
    /// Stores the upload; a file over the size limit is logged as rejected at once (its bytes are not kept).
    /// <paramref name="skipInvalidRows"/>: load the valid rows and list the invalid ones, instead of rejecting the file.
    /// </summary>
    public static async Task<long> CreateAsync(NpgsqlDataSource db, UploadKind kind, string? waveCode, string fileName,
        Stream content, string uploadedBy, long maxBytes, bool skipInvalidRows, CancellationToken ct,
        bool allowMissingQuestions = false, string? profile = null)
    {
        // Spool to a temporary file (hashing and counting on the way) rather than into memory.
        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None,
            1 << 16, FileOptions.DeleteOnClose);
        using var counted = new ContentStream(content, maxBytes, null);
        var tooLarge = content.CanSeek && content.Length - content.Position > maxBytes;
        try
        {
            if (!tooLarge)
                await counted.CopyToAsync(spool, ct);
        }
        catch (FileTooLargeException)
        {
            tooLarge = true;
        }
        var sha256 = tooLarge ? "" : counted.FinishHash(); // too large: not read further, not even to hash it
        var size = tooLarge && content.CanSeek ? content.Length - content.Position : counted.BytesRead;

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var wave = kind.NeedsWave() ? waveCode?.Trim() : null;
        var waveId = await UploadLog.WaveIdAsync(connection, wave, ct);
        // Refused at once, without keeping the bytes: too large, or for a wave that does not exist (the job could
        // not even name it, since the log row keeps the wave's id).
        var refusal = tooLarge ? UploadLimits.TooLargeMessage(maxBytes)
            : kind.NeedsWave() && waveId is null ? await UploadProcessor.UnknownWaveAsync(connection, wave, ct)
            : null;
        var id = await UploadLog.CreateAsync(connection, kind, waveId, fileName, sha256, size, uploadedBy,
            refusal is null ? "pending" : UploadResult.Rejected, skipInvalidRows, ct, allowMissingQuestions);
        if (profile is not null)
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE upload SET profile_id = (SELECT id FROM export_profile WHERE name = @profile) WHERE id = @id",
                new { profile, id }, cancellationToken: ct));
        if (refusal is not null)
        {
            var result = new UploadResult(fileName, wave, UploadResult.Rejected, 0, 0, 0, 0, [],
                [new UploadProblem(null, null, null, refusal)])
            {
                UploadId = id,
            };
            await UploadLog.FinishAsync(connection, result, sha256, size, ct);
        }
        else
        {
            spool.Position = 0;
            await using var insert = new NpgsqlCommand("INSERT INTO upload_file (upload_id, content) VALUES ($1, $2)", connection)
            {
                Parameters = { new() { Value = id }, new() { Value = spool, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea } },
            };
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return id;
    }

    /// <summary>
    /// Ingests a stored upload into its own log row. Safe to run twice or at once: the row is locked, and an upload
    /// already decided (accepted or rejected) returns its stored result and changes nothing.
    /// </summary>
    public static async Task<UploadResult> ProcessAsync(NpgsqlDataSource db, long uploadId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var upload = await connection.QuerySingleOrDefaultAsync<(string Status, string Kind, short? WaveId, string? Wave, string FileName, long Size, bool SkipInvalidRows, bool AllowMissingQuestions, string? Profile)>(
                new CommandDefinition("""
                    SELECT u.status, u.kind, u.wave_id, w.code, u.file_name, u.size_bytes, u.skip_invalid_rows,
                           u.allow_missing_questions, p.name
                    FROM upload u LEFT JOIN wave w ON w.id = u.wave_id LEFT JOIN export_profile p ON p.id = u.profile_id
                    WHERE u.id = @uploadId FOR UPDATE OF u
                    """, new { uploadId }, cancellationToken: ct));
            if (upload.Status is null)
                throw new UserError($"Upload {uploadId} does not exist.");
            if (upload.Status is UploadResult.Accepted or UploadResult.Rejected)
                return (await UploadLog.ReadResultAsync(connection, uploadId, ct))!;

            // The bytes are read on a second connection while this one runs the COPY.
            await using var contentConnection = await db.OpenConnectionAsync(ct);
            await using var read = new NpgsqlCommand("SELECT content FROM upload_file WHERE upload_id = $1", contentConnection)
            {
                Parameters = { new() { Value = uploadId } },
            };
            await using var reader = await read.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
            var kind = UploadKinds.Parse(upload.Kind);
            var job = new UploadJob(uploadId, kind, upload.FileName, upload.Wave, upload.WaveId, upload.SkipInvalidRows, long.MaxValue)
            {
                AllowMissingQuestions = upload.AllowMissingQuestions,
                Profile = upload.Profile,
            };
            UploadResult result;
            if (await reader.ReadAsync(ct))
            {
                await using var bytes = await reader.GetStreamAsync(0, ct);
                result = await UploadProcessor.RunAsync(connection, transaction, job, bytes, upload.Size, null, ct);
            }
            else
                result = await UploadProcessor.RunAsync(connection, transaction, job, Stream.Null, 0, null, ct);
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (Exception e) when (e is not UserError)
        {
            await UploadLog.MarkFailedAsync(db, uploadId, Ingestion.FailureMessage(e));
            throw;
        }
    }
}
