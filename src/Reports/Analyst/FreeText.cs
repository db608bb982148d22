using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;
using Survey.Reports.Workbooks;
using Cell = Survey.Reports.Workbooks.StreamingSheet.Cell;

namespace Survey.Reports.Analyst;

/// <summary>
/// Free-text answers, only where the respondent's group has at least 5 respondents (the unit, or the
/// administration for those without a unit, and the workbook's whole scope), with no background field beside
/// them and in random order, so no answer can be tied to a person by its neighbours.
/// </summary>
internal static class FreeText
{
    /// <summary>At most this many answers per workbook: past it, a random selection (Excel's sheet holds about a million rows).</summary>
    public const int MaxAnswers = 200_000;

    public static async Task WriteAsync(NpgsqlConnection connection, Instrument instrument, short waveId, WaveFilter filter,
        StreamingSheet sheet, CancellationToken ct)
    {
        var administration = instrument.AdministrationSql();
        var scope = WaveAggregate.FilterSql(instrument, filter);
        await using (var count = new NpgsqlCommand($"SELECT count(*) FROM respondent WHERE wave_id = @wave{scope}", connection))
        {
            count.Parameters.AddWithValue("wave", waveId);
            WaveAggregate.AddFilterParameters(count, filter);
            if (Suppression.TooSmall((long)(await count.ExecuteScalarAsync(ct))!))
            {
                sheet.Row(Cell.Of("–"), Cell.Of($"Fritextsvar visas inte: urvalet har {Suppression.Note}."));
                return;
            }
        }
        var sql = $"""
            WITH grouped AS (
                SELECT free_text, wave_id, unit_code, {administration} AS administration,
                       count(*) OVER (PARTITION BY coalesce(unit_code, ''), CASE WHEN unit_code IS NULL THEN {administration} END) AS group_size
                FROM respondent
                WHERE wave_id = @wave
            )
            SELECT q.text, t.value
            FROM grouped r
            CROSS JOIN LATERAL jsonb_each_text(r.free_text) AS t(code, value)
            JOIN question q ON q.code = t.code
            WHERE r.group_size >= {Suppression.MinimumGroupSize} AND r.free_text IS NOT NULL AND btrim(t.value) <> ''
              AND (@administration::smallint IS NULL OR r.administration = @administration)
              AND (@unit::text IS NULL OR r.unit_code = @unit)
            ORDER BY random()
            LIMIT {MaxAnswers}
            """;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("wave", waveId);
        command.Parameters.Add(new NpgsqlParameter("administration", NpgsqlTypes.NpgsqlDbType.Smallint) { Value = (object?)filter.AdministrationId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("unit", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)filter.UnitCode ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            sheet.Row(Cell.Of(reader.GetString(0)), Cell.Of(reader.GetString(1)));
    }
}
