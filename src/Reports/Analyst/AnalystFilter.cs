using Dapper;
using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;

namespace Survey.Reports.Analyst;

/// <summary>The analyst's filter (administration=CODE|name, unit=CODE) as a WaveFilter, and its words for the report list.</summary>
internal static class AnalystFilter
{
    public static async Task<(WaveFilter Filter, string Description)> ResolveAsync(NpgsqlConnection connection, string waveCode,
        IReadOnlyList<(string Field, string Value)> filters, CancellationToken ct)
    {
        var filter = WaveFilter.All;
        var words = new List<string>();
        foreach (var (field, value) in filters)
        {
            switch (field.Trim().ToLowerInvariant())
            {
                case "administration" or "förvaltning":
                    var administration = await connection.QuerySingleOrDefaultAsync<(short Id, string Name)?>(new CommandDefinition(
                        "SELECT id, name FROM administration WHERE lower(code) = lower(@value) OR lower(name) = lower(@value)",
                        new { value = value.Trim() }, cancellationToken: ct))
                        ?? throw new UserError($"Okänd förvaltning '{value}'.");
                    await RefuseSmallAsync(connection, waveCode, RestOfRegion, administration.Id, "förvaltningen", "regionen", ct);
                    filter = filter with { AdministrationId = administration.Id };
                    words.Add($"Förvaltning: {administration.Name}");
                    break;
                case "unit" or "enhet":
                    await RefuseSmallAsync(connection, waveCode, RestOfAdministration, value.Trim(), "enheten", "förvaltningen", ct);
                    filter = filter with { UnitCode = value.Trim() };
                    words.Add($"Enhet: {value.Trim()}");
                    break;
                default:
                    throw new UserError($"Okänt filter '{field}': använd administration=… eller unit=….");
            }
        }
        return (filter, words.Count == 0 ? "Hela regionen" : string.Join(", ", words));
    }

    /// <summary>
    /// A filtered workbook shows the group itself, and the region's workbook shows the group it lies in (the
    /// region, or the unit's administration); the one minus the other is the rest. So a group is refused when it
    /// has fewer than 5 respondents, and when the rest has 1 to 4. Counted on respondents, like the response rate.
    /// </summary>
    private static async Task RefuseSmallAsync(NpgsqlConnection connection, string waveCode, string sql, object key,
        string group, string whole, CancellationToken ct)
    {
        var (n, rest) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            $"""
            WITH r AS (
                SELECT r.unit_code, r.answers[(SELECT position FROM question WHERE code = 'B_FORV')] AS administration
                FROM respondent r JOIN wave w ON w.id = r.wave_id WHERE w.code = @wave)
            {sql}
            """, new { wave = waveCode, key }, cancellationToken: ct));
        if (Suppression.TooSmall(n))
            throw new UserError($"Urvalet kan inte visas: {group} har färre än {Suppression.MinimumGroupSize} svarande.");
        if (rest > 0 && Suppression.TooSmall(rest))
            throw new UserError($"Urvalet kan inte visas: resten av {whole} har färre än {Suppression.MinimumGroupSize} svar.");
    }

    private const string RestOfRegion = """
        SELECT count(*) FILTER (WHERE administration = @key), count(*) FILTER (WHERE administration IS DISTINCT FROM @key) FROM r
        """;

    /// <summary>The unit's administration is the one most of its respondents answered.</summary>
    private const string RestOfAdministration = """
        , u AS (SELECT administration FROM r WHERE unit_code = @key AND administration IS NOT NULL
               GROUP BY administration ORDER BY count(*) DESC, administration LIMIT 1)
        SELECT (SELECT count(*) FROM r WHERE unit_code = @key),
               (SELECT count(*) FROM r JOIN u USING (administration) WHERE r.unit_code IS DISTINCT FROM @key)
        """;

    /// <summary>The report table's scope of an analyst workbook: its filters in a stable order.</summary>
    public static string Scope(IReadOnlyList<(string Field, string Value)> filters) =>
        string.Join("&", filters.Select(f => $"{f.Field.Trim().ToLowerInvariant()}={f.Value.Trim()}").Order(StringComparer.Ordinal));
}
