using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Reports.Analyst;

/// <summary>
/// The administration and unit rows of the region's own tables (counted on respondents, or on one question's
/// answers) and which of them those tables hide (<see cref="UnitSuppression"/>). A filtered workbook is a view of
/// one of these rows, so it may show its group only where the region shows it: otherwise the region's total minus
/// its shown rows, minus the filtered workbook's figure, would give a group the region hides.
/// </summary>
/// <param name="administrations">Administration key (null: not given) and n, in the order the region's tables list them.</param>
/// <param name="units">Unit code (null: none given), its administration and n, in the order the region's tables list them.</param>
internal sealed class RegionRows(IReadOnlyList<(string? Key, long N)> administrations,
    IReadOnlyList<(string? Code, string? Administration, long N)> units)
{
    private readonly (bool[] Administrations, bool[] Units) _hidden =
        UnitSuppression.Suppressed(administrations, units.Select(u => (u.Administration, u.N)).ToList());

    /// <summary>No rows: a question nobody answered.</summary>
    public static readonly RegionRows None = new([], []);

    public long AdministrationN(string key) => administrations.FirstOrDefault(a => a.Key == key).N;

    public long UnitN(string code) => units.FirstOrDefault(u => u.Code == code).N;

    /// <summary>Whether the region's tables hide this administration (one without answers counts as hidden).</summary>
    public bool AdministrationHidden(string? key) =>
        administrations.ToList().FindIndex(a => a.Key == key) is var i && (i < 0 || _hidden.Administrations[i]);

    /// <summary>Whether the region's tables hide this unit (one without answers counts as hidden).</summary>
    public bool UnitHidden(string? code) =>
        units.ToList().FindIndex(u => u.Code == code) is var i && (i < 0 || _hidden.Units[i]);

    /// <summary>Whether the region's tables hide the group this filter picks.</summary>
    public bool Hides(WaveFilter filter) => filter.UnitCode is { } unit
        ? UnitHidden(unit)
        : AdministrationHidden(filter.AdministrationId?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// The region's administration and unit rows of every question, counted on the answers <paramref name="n"/>
    /// counts, as the unfiltered workbook's question sheets have them (same groups, same order).
    /// </summary>
    public static async Task<Dictionary<short, RegionRows>> OfQuestionsAsync(NpgsqlConnection connection, Instrument instrument,
        short waveId, Func<short, IReadOnlyDictionary<short, long>, long> n, CancellationToken ct)
    {
        var administrationOf = await AdministrationsOfUnitsAsync(connection, instrument, waveId, WaveFilter.All, ct);
        var administration = $"r.answers[{instrument.Question(Dimension.Administration.QuestionCode).Position}]";
        await using var command = new NpgsqlCommand($"""
            SELECT * FROM (
                SELECT a.position::smallint AS position, grouping(r.unit_code) = 0 AS is_unit,
                       CASE WHEN grouping(r.unit_code) = 0 THEN r.unit_code ELSE {administration}::text END AS key,
                       a.value, count(*) AS n
                FROM respondent r CROSS JOIN LATERAL unnest(r.answers) WITH ORDINALITY AS a(value, position)
                WHERE r.wave_id = @wave AND a.value IS NOT NULL
                GROUP BY GROUPING SETS ((a.position, a.value, {administration}), (a.position, a.value, r.unit_code))) counted
            ORDER BY position, is_unit, length(key), key, value
            """, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("wave", waveId);
        var groups = new List<(short Position, bool IsUnit, string? Key, Dictionary<short, long> Counts)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var (position, isUnit, key) = (reader.GetInt16(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetString(2));
                if (groups.Count == 0 || groups[^1].Position != position || groups[^1].IsUnit != isUnit || groups[^1].Key != key)
                    groups.Add((position, isUnit, key, []));
                groups[^1].Counts[reader.GetInt16(3)] = reader.GetInt64(4);
            }
        return groups.GroupBy(g => g.Position).ToDictionary(q => q.Key, q => new RegionRows(
            q.Where(g => !g.IsUnit).Select(g => (g.Key, n(q.Key, g.Counts))).ToList(),
            q.Where(g => g.IsUnit).Select(g => (g.Key, g.Key is null ? null : administrationOf.GetValueOrDefault(g.Key), n(q.Key, g.Counts))).ToList()));
    }

    /// <summary>Each unit's administration as its respondents answered it (the administration rows count the same answer).</summary>
    public static async Task<Dictionary<string, string>> AdministrationsOfUnitsAsync(NpgsqlConnection connection,
        Instrument instrument, short waveId, WaveFilter filter, CancellationToken ct)
    {
        var position = instrument.Question(Dimension.Administration.QuestionCode).Position;
        await using var command = new NpgsqlCommand($"""
            SELECT DISTINCT ON (unit_code) unit_code, answers[{position}]::text
            FROM respondent
            WHERE wave_id = @wave{WaveAggregate.FilterSql(instrument, filter)} AND unit_code IS NOT NULL AND answers[{position}] IS NOT NULL
            GROUP BY unit_code, answers[{position}]
            ORDER BY unit_code, count(*) DESC, answers[{position}]
            """, connection);
        command.Parameters.AddWithValue("wave", waveId);
        WaveAggregate.AddFilterParameters(command, filter);
        var result = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result[reader.GetString(0)] = reader.GetString(1);
        return result;
    }

    /// <summary>The administration a unit's respondents answered, if any.</summary>
    public static async Task<short?> AdministrationOfUnitAsync(NpgsqlConnection connection, Instrument instrument, short waveId,
        string unit, CancellationToken ct) =>
        (await AdministrationsOfUnitsAsync(connection, instrument, waveId, new WaveFilter(UnitCode: unit), ct))
            .TryGetValue(unit, out var owner) ? short.Parse(owner, System.Globalization.CultureInfo.InvariantCulture) : null;
}
