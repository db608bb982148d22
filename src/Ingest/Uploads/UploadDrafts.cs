using Dapper;
using Npgsql;

namespace Survey.Ingest.Uploads;

/// <summary>A survey export in the upload page's mapping step: the file as uploaded, for the wave it was meant for.</summary>
internal sealed record UploadDraft(long Id, string Wave, string FileName, byte[] Content, bool SkipInvalidRows, bool AllowMissingQuestions);

/// <summary>
/// Survey exports kept while the administrator maps what nothing matched (upload_draft): nothing of them is read into
/// the wave until the administrator uploads, which makes the draft an ordinary pending upload and drops it.
/// </summary>
internal static class UploadDrafts
{
    /// <summary>A draft left this long is abandoned: the hourly clean-up job drops it (see <see cref="PruneAsync"/>).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    public static async Task<long> CreateAsync(NpgsqlDataSource db, string? waveCode, string fileName, Stream content,
        string createdBy, long maxBytes, bool skipInvalidRows, bool allowMissingQuestions, CancellationToken ct)
    {
        if (content.CanSeek && content.Length - content.Position > maxBytes)
            throw new UserError(UploadLimits.TooLargeMessage(maxBytes));
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > maxBytes)
            throw new UserError(UploadLimits.TooLargeMessage(maxBytes));
        await using var connection = await db.OpenConnectionAsync(ct);
        var waveId = await UploadLog.WaveIdAsync(connection, waveCode?.Trim(), ct)
                     ?? throw new UserError(await UploadProcessor.UnknownWaveAsync(connection, waveCode, ct));
        return await connection.QuerySingleAsync<long>(new CommandDefinition("""
            INSERT INTO upload_draft (wave_id, file_name, content, created_by, skip_invalid_rows, allow_missing_questions)
            VALUES (@waveId, @fileName, @content, @createdBy, @skipInvalidRows, @allowMissingQuestions) RETURNING id
            """, new { waveId, fileName, content = buffer.ToArray(), createdBy, skipInvalidRows, allowMissingQuestions },
            cancellationToken: ct));
    }

    public static async Task<UploadDraft?> ReadAsync(NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UploadDraft>(new CommandDefinition("""
            SELECT d.id, w.code AS wave, d.file_name AS FileName, d.content, d.skip_invalid_rows AS SkipInvalidRows,
                   d.allow_missing_questions AS AllowMissingQuestions
            FROM upload_draft d JOIN wave w ON w.id = d.wave_id WHERE d.id = @id
            """, new { id }, cancellationToken: ct));
    }

    /// <summary>Uploads the draft with the chosen export profile: a pending upload (its job still to be enqueued).</summary>
    public static async Task<long> UploadAsync(NpgsqlDataSource db, UploadDraft draft, string? profile, string uploadedBy, long maxBytes,
        bool skipInvalidRows, bool allowMissingQuestions, CancellationToken ct)
    {
        await using var content = new MemoryStream(draft.Content, writable: false);
        var id = await PendingUploads.CreateAsync(db, UploadKind.Survey, draft.Wave, draft.FileName, content, uploadedBy, maxBytes,
            skipInvalidRows, ct, allowMissingQuestions, profile);
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM upload_draft WHERE id = @id", new { id = draft.Id }, cancellationToken: ct));
        return id;
    }

    /// <summary>Drops the drafts made before <paramref name="now"/> less <see cref="MaxAge"/>; returns how many.</summary>
    public static async Task<int> PruneAsync(NpgsqlDataSource db, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM upload_draft WHERE created_at < @before", new { before = now - MaxAge }, cancellationToken: ct));
    }
}
