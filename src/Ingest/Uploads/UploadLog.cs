using System.Text.Json;
using Dapper;
using Npgsql;

namespace Survey.Ingest.Uploads;

/// <summary>The upload table: every upload, accepted or rejected, with its SHA-256, counts and problems.</summary>
internal static class UploadLog
{
    public static Task<short?> WaveIdAsync(NpgsqlConnection connection, string? waveCode, CancellationToken ct) =>
        waveCode is null
            ? Task.FromResult<short?>(null)
            : connection.QuerySingleOrDefaultAsync<short?>(new CommandDefinition(
                "SELECT id FROM wave WHERE code = @waveCode", new { waveCode }, cancellationToken: ct));

    public static Task<long> CreateAsync(NpgsqlConnection connection, UploadKind kind, short? waveId, string fileName,
        string sha256, long size, string uploadedBy, string status, bool skipInvalidRows, CancellationToken ct,
        bool allowMissingQuestions = false) =>
        connection.QuerySingleAsync<long>(new CommandDefinition("""
            INSERT INTO upload (kind, wave_id, file_name, sha256, size_bytes, uploaded_by, status, skip_invalid_rows,
                                allow_missing_questions)
            VALUES (@kind, @waveId, @fileName, @sha256, @size, @uploadedBy, @status, @skipInvalidRows, @allowMissingQuestions)
            RETURNING id
            """, new { kind = kind.DbName(), waveId, fileName, sha256, size, uploadedBy, status, skipInvalidRows, allowMissingQuestions },
            cancellationToken: ct));

    /// <summary>Records the outcome and drops the stored bytes: they are not needed once the upload is decided.</summary>
    public static Task FinishAsync(NpgsqlConnection connection, UploadResult result, string sha256, long size, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE upload SET status = @Status, rows = @Rows, inserted = @Inserted, updated = @Updated,
                unchanged = @Unchanged, ignored_columns = @ignored, problems = @problems::jsonb, sha256 = @sha256,
                size_bytes = @size, header_rows = @HeaderRows, warnings = @warnings,
                new_administrations = @administrations::jsonb, new_units = @units::jsonb, left_out = @leftOut::jsonb,
                finished_at = now()
            WHERE id = @UploadId;
            DELETE FROM upload_file WHERE upload_id = @UploadId;
            """, new
        {
            result.Status, result.Rows, result.Inserted, result.Updated, result.Unchanged, result.UploadId,
            result.HeaderRows, ignored = result.IgnoredColumns.ToArray(), warnings = result.Warnings.ToArray(),
            problems = JsonSerializer.Serialize(result.Problems, UploadResult.Json),
            administrations = JsonSerializer.Serialize(result.NewAdministrations, UploadResult.Json),
            units = JsonSerializer.Serialize(result.NewUnits, UploadResult.Json),
            leftOut = JsonSerializer.Serialize(result.LeftOut, UploadResult.Json),
            sha256, size,
        }, cancellationToken: ct));

    /// <summary>After a crash, kill or cancellation: nothing was stored; say so in the log (best effort).</summary>
    public static async Task MarkFailedAsync(NpgsqlDataSource db, long uploadId, string message)
    {
        try
        {
            await using var connection = await db.OpenConnectionAsync();
            await connection.ExecuteAsync("""
                UPDATE upload SET status = 'failed', finished_at = now(), problems = @problems::jsonb
                WHERE id = @uploadId AND status IN ('pending', 'failed')
                """, new { uploadId, problems = JsonSerializer.Serialize(new[] { new UploadProblem(null, null, null, message) }, UploadResult.Json) });
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The database itself is gone; the row stays 'pending', which says the same.
        }
    }

    // A class, not a positional record: Dapper sees text[] as System.Array and matches no constructor.
    private sealed class Row
    {
        public long Id { get; set; }
        public string FileName { get; set; } = "";
        public string? Wave { get; set; }
        public string Status { get; set; } = "";
        public string Kind { get; set; } = "";
        public int Rows { get; set; }
        public int Inserted { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public string[] IgnoredColumns { get; set; } = [];
        public string Problems { get; set; } = "[]";
        public int HeaderRows { get; set; }
        public string[] Warnings { get; set; } = [];
        public string NewAdministrations { get; set; } = "[]";
        public string NewUnits { get; set; } = "[]";
        public string LeftOut { get; set; } = "[]";
    }

    public static async Task<UploadResult?> ReadResultAsync(NpgsqlConnection connection, long uploadId, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT u.id, u.file_name AS FileName, w.code AS Wave, u.status, u.kind, u.rows, u.inserted, u.updated, u.unchanged,
                   u.ignored_columns AS IgnoredColumns, u.problems::text AS Problems, u.header_rows AS HeaderRows,
                   u.warnings, u.new_administrations::text AS NewAdministrations, u.new_units::text AS NewUnits,
                   u.left_out::text AS LeftOut
            FROM upload u LEFT JOIN wave w ON w.id = u.wave_id WHERE u.id = @uploadId
            """, new { uploadId }, cancellationToken: ct));
        return row is null
            ? null
            : new UploadResult(row.FileName, row.Wave, row.Status, row.Rows, row.Inserted, row.Updated, row.Unchanged,
                row.IgnoredColumns, JsonSerializer.Deserialize<List<UploadProblem>>(row.Problems, UploadResult.Json)!)
            {
                UploadId = row.Id,
                HeaderRows = row.HeaderRows,
                Warnings = row.Warnings,
                Kind = UploadKinds.Parse(row.Kind),
                NewAdministrations = JsonSerializer.Deserialize<List<NewOrganisation>>(row.NewAdministrations, UploadResult.Json)!,
                NewUnits = JsonSerializer.Deserialize<List<NewOrganisation>>(row.NewUnits, UploadResult.Json)!,
                LeftOut = JsonSerializer.Deserialize<List<Exports.LeftOut>>(row.LeftOut, UploadResult.Json)!,
            };
    }
}
