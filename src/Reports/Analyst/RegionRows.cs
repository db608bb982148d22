using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;

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
    private readonly Dictionary<string, int> _administrationAt = IndexOf(administrations.Select(a => a.Key));
    private readonly Dictionary<string, int> _unitAt = IndexOf(units.Select(u => u.Code));

    /// <summary>No rows: a question nobody answered.</summary>
    public static readonly RegionRows None = new([], []);

    // Keys may be null (not given); a dictionary key may not, so null is kept as "".
    private static Dictionary<string, int> IndexOf(IEnumerable<string?> keys) =>
        keys.Select((k, i) => (k ?? "", i)).ToDictionary(x => x.Item1, x => x.i);

    public long AdministrationN(string key) => _administrationAt.TryGetValue(key, out var i) ? administrations[i].N : 0;

    public long UnitN(string code) => _unitAt.TryGetValue(code, out var i) ? units[i].N : 0;

    /// <summary>Whether the region's tables hide this administration (one without answers counts as hidden).</summary>
    public bool AdministrationHidden(string? key) => !_administrationAt.TryGetValue(key ?? "", out var i) || _hidden.Administrations[i];

    /// <summary>Whether the region's tables hide this unit (one without answers counts as hidden).</summary>
    public bool UnitHidden(string? code) => !_unitAt.TryGetValue(code ?? "", out var i) || _hidden.Units[i];

    /// <summary>The region's administration and unit rows counted on respondents, in the order the tables list them.</summary>
    public static async Task<RegionRows> OfRespondentsAsync(NpgsqlConnection connection, Instrument instrument, short waveId,
        CancellationToken ct) =>
        (await CountAsync(connection, instrument, waveId, "0::smallint", "count(*)", rows => rows, ct)).GetValueOrDefault((short)0) ?? None;

    /// <summary>
    /// Rows per <paramref name="part"/> (a question's position, or one constant part for respondents), each part
    /// turned into what is kept of it as soon as it has been read.
    /// </summary>
    private static async Task<Dictionary<short, T>> CountAsync<T>(NpgsqlConnection connection, Instrument instrument,
        short waveId, string part, string count, Func<RegionRows, T> keep, CancellationToken ct, string join = "", string where = "")
    {
        var administrationOf = await AdministrationsOfUnitsAsync(connection, instrument, waveId, WaveFilter.All, ct);
        var administration = instrument.AdministrationSql("r.answers");
        await using var command = new NpgsqlCommand($"""
            SELECT * FROM (
                SELECT ({part})::smallint AS part, grouping(r.unit_code) = 0 AS is_unit,
                       CASE WHEN grouping(r.unit_code) = 0 THEN r.unit_code ELSE {administration}::text END AS key,
                       {count} AS n
                FROM respondent r{join}
                WHERE r.wave_id = @wave{where}
                GROUP BY GROUPING SETS (({part}, {administration}), ({part}, r.unit_code))) counted
            ORDER BY part, is_unit, length(key), key
            """, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("wave", waveId);
        var result = new Dictionary<short, T>();
        var administrations = new List<(string? Key, long N)>();
        var units = new List<(string? Code, string? Administration, long N)>();
        short? current = null;
        void Close()
        {
            if (current is { } done)
                result[done] = keep(new RegionRows(administrations, units));
            (administrations, units) = ([], []);
        }
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var (at, isUnit, key, n) = (reader.GetInt16(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3));
                if (at != current)
                {
                    Close();
                    current = at;
                }
                if (isUnit)
                    units.Add((key, key is null ? null : administrationOf.GetValueOrDefault(key), n));
                else
                    administrations.Add((key, n));
            }
        Close();
        return result;
    }

    /// <summary>Each unit's administration as its respondents answered it (the administration rows count the same answer).</summary>
    public static async Task<Dictionary<string, string>> AdministrationsOfUnitsAsync(NpgsqlConnection connection,
        Instrument instrument, short waveId, WaveFilter filter, CancellationToken ct)
    {
        var administration = instrument.AdministrationSql();
        await using var command = new NpgsqlCommand($"""
            SELECT DISTINCT ON (unit_code) unit_code, {administration}::text
            FROM respondent
            WHERE wave_id = @wave{WaveAggregate.FilterSql(instrument, filter)} AND unit_code IS NOT NULL AND {administration} IS NOT NULL
            GROUP BY unit_code, {administration}
            ORDER BY unit_code, count(*) DESC, {administration}
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
