using Dapper;
using Npgsql;

namespace Survey.Scheduler.Bench;

/// <summary>
/// A synthetic wave for the reports benchmark, generated inside PostgreSQL (generate_series): realistic shares per
/// administration, gender, municipality and answer, answers placed by the positions in the question table.
/// </summary>
internal static class ReportsBenchmarkData
{
    public const string WaveCode = "BENCH-2024";
    public const string Period = "2024-04";

    // Per question code: SQL for one respondent's stored answer (adm, chef and r are per-row values).
    private static string Generator(string code) => code switch
    {
        "B_FORV" => "adm",
        "B_KON" => "CASE WHEN r < 0.02 THEN NULL WHEN r < 0.74 THEN 1 WHEN r < 0.97 THEN 2 WHEN r < 0.985 THEN 3 ELSE 4 END",
        "B_ALDER" => "1 + floor(random() * 3)",
        "B_CHEF" => "chef",
        "B_HEMKOMMUN" or "B_ARBKOMMUN" =>
            "CASE WHEN random() < 0.02 THEN NULL ELSE (ARRAY[2380,2380,2380,2380,2380,2380,2309,2309,2321,2326,2305,2361,2303,2313,9999])[1 + floor(random() * 15)::int] END",
        "D_DAGAR" or "D_ONSKAT" => "CASE WHEN random() < 0.03 THEN NULL WHEN random() < 0.4 THEN 0 ELSE floor(random() * 11) END",
        "D_PLATS" => "1 + floor(random() * 5)",
        "D_AVTAL" or "D_HUBB" or "D_UPPGIFTER" => "CASE WHEN random() < 0.03 THEN NULL ELSE 1 + floor(random() * 3) END",
        "D_RESTID" => "floor(random() * random() * 150)",
        "L_LEDARSKAP" or "L_TEAM" => "CASE WHEN chef = 1 THEN 1 + floor(random() * 3) END",
        _ when code.StartsWith("A_", StringComparison.Ordinal) =>
            "CASE WHEN random() < 0.03 THEN NULL WHEN random() < 0.05 THEN 9 ELSE 1 + floor(random() * 6) END",
        _ => "NULL",
    };

    public static async Task FillAsync(NpgsqlDataSource db, int respondents, int units, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var positions = (await connection.QueryAsync<(string Code, int Position)>(new CommandDefinition(
            "SELECT code, position FROM question WHERE position IS NOT NULL ORDER BY position", cancellationToken: ct))).ToList();
        var array = string.Join(",\n", Enumerable.Range(1, positions.Max(p => p.Position))
            .Select(i => positions.FirstOrDefault(p => p.Position == i).Code is { } code ? Generator(code) : "NULL"));
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO wave (code, name, starts_on, ends_on, reference_date)
            VALUES ('{WaveCode}', 'Benchmark', '2024-04-15', '2024-04-21', '2024-04-15');
            INSERT INTO upload (kind, wave_id, file_name, sha256, size_bytes, uploaded_by, status)
            SELECT 'survey', id, 'bench.csv', repeat('0', 64), 0, 'bench', 'accepted' FROM wave WHERE code = '{WaveCode}';
            SELECT respondent_partition(id) FROM wave WHERE code = '{WaveCode}';
            INSERT INTO respondent (wave_id, respondent_key, unit_code, answers, free_text, upload_id)
            SELECT w.id, 'B' || i, 'U' || adm || '-' || (i % @perAdministration), ARRAY[{array}]::smallint[],
                   CASE WHEN i % 10 = 0 THEN jsonb_build_object('F_BRA', 'Flexibiliteten, svar ' || i, 'F_BATTRE', '=Mer stöd ' || i) END,
                   u.id
            FROM wave w, upload u,
                 LATERAL (SELECT i, random() AS r, (ARRAY[1,2,2,2,2,2,2,3,4,4])[1 + floor(random() * 10)::int] AS adm,
                                 CASE WHEN random() < 0.08 THEN 1 ELSE 2 END AS chef
                          FROM generate_series(1, @respondents) i) g
            WHERE w.code = '{WaveCode}' AND u.file_name = 'bench.csv';
            INSERT INTO unit (code, administration_id)
            SELECT DISTINCT unit_code, answers[{positions.Single(p => p.Code == "B_FORV").Position}] FROM respondent ON CONFLICT DO NOTHING;
            INSERT INTO upload (kind, wave_id, file_name, sha256, size_bytes, uploaded_by, status)
            SELECT 'headcount', id, 'personal.csv', repeat('1', 64), 0, 'bench', 'accepted' FROM wave WHERE code = '{WaveCode}';
            INSERT INTO headcount (wave_id, unit_code, administration_id, employees, upload_id)
            SELECT r.wave_id, r.unit_code, u.administration_id, (count(*) / 0.7)::int, (SELECT max(id) FROM upload)
            FROM respondent r JOIN unit u ON u.code = r.unit_code GROUP BY r.wave_id, r.unit_code, u.administration_id;
            """, new { respondents, perAdministration = Math.Max(1, units / 4) }, commandTimeout: 0, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("VACUUM ANALYZE respondent", commandTimeout: 0, cancellationToken: ct));
    }
}
