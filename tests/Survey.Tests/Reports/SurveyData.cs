using System.Text.Json;
using Dapper;
using Npgsql;

namespace Survey.Tests.Reports;

/// <summary>
/// Writes test data straight into the tables (ingest is another feature): uploads, waves, respondents with answers
/// placed by the question positions the database holds, headcount and indicator values.
/// </summary>
internal sealed class SurveyData(NpgsqlDataSource db)
{
    private Dictionary<string, int>? _positions;

    public async Task<short> WaveAsync(string code, string startsOn, string endsOn)
    {
        await using var c = await db.OpenConnectionAsync();
        return await c.QuerySingleAsync<short>("""
            INSERT INTO wave (code, name, starts_on, ends_on, reference_date)
            VALUES (@code, @code, @s::date, @e::date, @s::date)
            ON CONFLICT (code) DO UPDATE SET code = excluded.code RETURNING id
            """, new { code, s = startsOn, e = endsOn });
    }

    public async Task<short> WaveIdAsync(string code)
    {
        await using var c = await db.OpenConnectionAsync();
        return await c.QuerySingleAsync<short>("SELECT id FROM wave WHERE code = @code", new { code });
    }

    public async Task<long> RespondentsAsync(short waveId)
    {
        await using var c = await db.OpenConnectionAsync();
        return await c.QuerySingleAsync<long>("SELECT count(*) FROM respondent WHERE wave_id = @waveId", new { waveId });
    }

    public async Task<long> UploadAsync(string kind, short? waveId, string fileName, string sha256 = "ab12")
    {
        await using var c = await db.OpenConnectionAsync();
        return await c.QuerySingleAsync<long>("""
            INSERT INTO upload (kind, wave_id, file_name, sha256, size_bytes, uploaded_by, uploaded_at, status)
            VALUES (@kind, @waveId, @fileName, @sha256, 100, 'test', '2021-04-26 10:00+00', 'accepted') RETURNING id
            """, new { kind, waveId, fileName, sha256 });
    }

    /// <summary>Adds respondents; each is a list of (question code, stored value) plus unit and free text.</summary>
    public async Task AddAsync(short waveId, long uploadId, params Respondent[] respondents)
    {
        _positions ??= await PositionsAsync();
        var length = _positions.Values.Max();
        await using var c = await db.OpenConnectionAsync();
        foreach (var r in respondents)
        {
            var answers = new short?[length];
            foreach (var (code, value) in r.Answers)
                answers[_positions[code] - 1] = value;
            // The unit is registered as an upload registers it, under the respondent's administration.
            var administration = r.Answers.FirstOrDefault(a => a.Code == "B_FORV").Value;
            await c.ExecuteAsync("""
                INSERT INTO unit (code, administration_id)
                SELECT @unit, coalesce(@administration, (SELECT min(id) FROM administration)) WHERE @unit IS NOT NULL
                ON CONFLICT DO NOTHING;
                SELECT respondent_partition(@waveId);
                INSERT INTO respondent (wave_id, respondent_key, unit_code, answers, free_text, upload_id)
                VALUES (@waveId, @key, @unit, @answers, @text::jsonb, @uploadId)
                """, new { waveId, key = r.Key, unit = r.Unit, administration, answers, text = r.FreeText is null ? null : JsonSerializer.Serialize(r.FreeText), uploadId });
        }
    }

    public async Task HeadcountAsync(short waveId, long uploadId, string unit, short administrationId, int employees, int? women, int? men)
    {
        await using var c = await db.OpenConnectionAsync();
        await c.ExecuteAsync("""
            INSERT INTO unit (code, administration_id) VALUES (@unit, @administrationId) ON CONFLICT DO NOTHING;
            INSERT INTO headcount (wave_id, unit_code, administration_id, employees, women, men, upload_id)
            VALUES (@waveId, @unit, @administrationId, @employees, @women, @men, @uploadId)
            """, new { waveId, unit, administrationId, employees, women, men, uploadId });
    }

    public async Task IndicatorAsync(string goal, string period, decimal value, string? comment, long uploadId)
    {
        await using var c = await db.OpenConnectionAsync();
        await c.ExecuteAsync("""
            INSERT INTO indicator_value (goal_code, period, value, comment, upload_id) VALUES (@goal, @period, @value, @comment, @uploadId)
            ON CONFLICT (goal_code, period) DO UPDATE SET value = excluded.value, comment = excluded.comment
            """, new { goal, period, value, comment, uploadId });
    }

    private async Task<Dictionary<string, int>> PositionsAsync()
    {
        await using var c = await db.OpenConnectionAsync();
        return (await c.QueryAsync<(string, int)>("SELECT code, position FROM question WHERE position IS NOT NULL"))
            .ToDictionary(x => x.Item1, x => x.Item2);
    }
}

/// <summary>Setup that a test class shares: xunit makes a class instance per test, the database is per class.</summary>
internal static class Once
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), Lazy<Task<object>>> Done = new();

    public static async Task<T> PerDatabaseAsync<T>(TestDatabase db, string key, Func<Task<T>> setup) where T : class =>
        (T)await Done.GetOrAdd((db.Name, key), _ => new Lazy<Task<object>>(async () => await setup())).Value;
}

internal sealed record Respondent(string Key, string? Unit, IReadOnlyList<(string Code, short? Value)> Answers,
    Dictionary<string, string>? FreeText = null);
