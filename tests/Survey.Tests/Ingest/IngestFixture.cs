using System.Text;
using Dapper;
using Survey.Ingest.Uploads;

namespace Survey.Tests.Ingest;

/// <summary>Shortcuts for the ingest tests: a wave of their own (tests in one class share a database), an upload
/// from text or bytes, and the stored rows read back.</summary>
internal static class IngestFixture
{
    public static readonly Encoding Windows1252 = Survey.Ingest.Reading.TextSniffer.Windows1252;

    public static async Task<string> NewWaveAsync(TestDatabase db)
    {
        var code = $"T-{Guid.NewGuid():N}"[..14];
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO wave (code, name, starts_on, ends_on, reference_date)
            VALUES (@code, @code, '2022-04-18', '2022-04-24', '2022-04-14')
            """, new { code });
        return code;
    }

    public static Task<UploadResult> IngestAsync(TestDatabase db, string text, string? wave, string fileName = "export.csv",
        UploadKind kind = UploadKind.Survey, bool skipInvalidRows = false, bool dryRun = false) =>
        IngestAsync(db, new UTF8Encoding(false).GetBytes(text), wave, fileName, kind, skipInvalidRows, dryRun);

    public static async Task<UploadResult> IngestAsync(TestDatabase db, byte[] bytes, string? wave, string fileName = "export.csv",
        UploadKind kind = UploadKind.Survey, bool skipInvalidRows = false, bool dryRun = false, long maxBytes = UploadLimits.DefaultMaxBytes)
    {
        using var content = new MemoryStream(bytes);
        return await Ingestion.RunAsync(db.DataSource, new IngestRequest
        {
            Kind = kind, FileName = fileName, Content = content, WaveCode = wave, UploadedBy = "test",
            SkipInvalidRows = skipInvalidRows, DryRun = dryRun, MaxBytes = maxBytes,
        }, null, CancellationToken.None);
    }

    internal sealed record StoredRespondent(string RespondentKey, string? UnitCode, DateTime? SubmittedAt, string Answers, string? FBra, string? FBattre);

    public static async Task<List<StoredRespondent>> RespondentsAsync(TestDatabase db, string wave)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<StoredRespondent>("""
            SELECT r.respondent_key AS RespondentKey, r.unit_code AS UnitCode, r.submitted_at AS SubmittedAt,
                   r.answers::text AS Answers,
                   r.free_text->>'F_BRA' AS FBra, r.free_text->>'F_BATTRE' AS FBattre
            FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = @wave ORDER BY r.respondent_key
            """, new { wave })).ToList();
    }

    public static async Task<T> ScalarAsync<T>(TestDatabase db, string sql, object? parameters = null)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("null");
    }

    /// <summary>Rows as a spreadsheet program writes them: a field is quoted when it holds the separator, a quote or a
    /// line break, with quotes doubled.</summary>
    public static string Csv(char separator, string newLine, params string[][] rows) =>
        string.Concat(rows.Select(row => string.Join(separator, row.Select(field =>
            field.IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field)) + newLine));

    /// <summary>Everything the ingest may write, to prove a rejected or killed upload changed nothing.</summary>
    public static Task<string> DataSnapshotAsync(TestDatabase db) => ScalarAsync<string>(db, """
        SELECT concat_ws('|',
            (SELECT count(*) FROM respondent), (SELECT coalesce(sum(hashtext(r::text)), 0) FROM respondent r),
            (SELECT count(*) FROM unit), (SELECT count(*) FROM headcount), (SELECT count(*) FROM indicator_value),
            (SELECT count(*) FROM administration), (SELECT count(*) FROM wave_unit))
        """);

    public static async Task<(string Status, string Sha256, string Problems)> UploadRowAsync(TestDatabase db, long id)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, string, string)>(
            "SELECT status, sha256, problems::text FROM upload WHERE id = @id", new { id });
    }

    /// <summary>The answers array of the V16 instrument as PostgreSQL prints it, by question code (positions from db/0002).</summary>
    public static string Answers(params (string Code, short? Value)[] answers)
    {
        string[] order =
        [
            "B_FORV", "B_KON", "B_ALDER", "B_CHEF", "B_HEMKOMMUN", "B_ARBKOMMUN", "D_DAGAR", "D_PLATS", "D_AVTAL",
            "D_ONSKAT", "D_HUBB", "D_UPPGIFTER", "D_RESTID", "A_UTRUSTNING", "A_MOTEN", "A_IT_STOD", "A_ERGONOMI",
            "A_DELAKTIG", "A_CHEFSTOD", "A_ATERHAMTNING", "A_SAKERHET", "A_BELASTNING", "A_KOMPETENS", "L_LEDARSKAP", "L_TEAM",
        ];
        var array = new short?[order.Length];
        foreach (var (code, value) in answers)
            array[Array.IndexOf(order, code)] = value;
        return "{" + string.Join(",", array.Select(a => a?.ToString() ?? "NULL")) + "}";
    }
}

/// <summary>Generated exports for the tests (small: the million-row runs belong to the benchmark).</summary>
internal static class Samples
{
    public static async Task<byte[]> ExportAsync(TestDatabase db, Survey.Ingest.Sample.SampleShape shape, int respondents, int seed)
    {
        using var stream = new MemoryStream();
        await Survey.Ingest.Sample.SampleExport.WriteAsync(db.DataSource, stream, shape, respondents, seed, CancellationToken.None);
        return stream.ToArray();
    }

    /// <summary>The stored respondents of a wave, apart from which upload last wrote them.</summary>
    public static Task<string> WaveContentAsync(TestDatabase db, string wave) => IngestFixture.ScalarAsync<string>(db, """
        SELECT count(*) || ':' || coalesce(sum(hashtext(concat_ws('|', respondent_key, unit_code, submitted_at, answers, free_text))), 0)
        FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = @wave
        """, new { wave });
}
