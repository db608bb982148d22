using System.Globalization;
using Dapper;
using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;

namespace Survey.Reports.Analyst;

/// <summary>The analyst's filter (administration=CODE|name, unit=CODE) as a WaveFilter, and its words for the report list.</summary>
internal static class AnalystFilter
{
    public static async Task<(WaveFilter Filter, string Description)> ResolveAsync(NpgsqlConnection connection, Instrument instrument,
        string waveCode, IReadOnlyList<(string Field, string Value)> filters, CancellationToken ct)
    {
        var filter = WaveFilter.All;
        var words = new List<string>();
        RegionRows? region = null;
        async Task<RegionRows> Region() => region ??= await RespondentsAsync(connection, instrument, waveCode, ct);
        foreach (var (field, value) in filters)
        {
            switch (field.Trim().ToLowerInvariant())
            {
                case "administration" or "förvaltning":
                    // By code, name or alias (a renamed administration keeps its former name as one), and counted
                    // as the administration it was merged into, if it was.
                    var administration = await connection.QueryFirstOrDefaultAsync<(short Id, string Name)?>(new CommandDefinition("""
                        SELECT a.id, a.name FROM administration named JOIN administration a ON a.id = coalesce(named.merged_into, named.id)
                        WHERE lower(named.code) = lower(@value) OR lower(named.name) = lower(@value)
                           OR named.id IN (SELECT administration_id FROM administration_alias WHERE alias = lower(@value))
                        ORDER BY named.merged_into IS NOT NULL
                        """, new { value = value.Trim() }, cancellationToken: ct))
                        ?? throw new UserError($"Okänd förvaltning '{value}'.");
                    var key = administration.Id.ToString(CultureInfo.InvariantCulture);
                    Refuse((await Region()).AdministrationN(key), (await Region()).AdministrationHidden(key), "förvaltningen");
                    filter = filter with { AdministrationId = administration.Id };
                    words.Add($"Förvaltning: {administration.Name}");
                    break;
                case "unit" or "enhet":
                    var unit = value.Trim();
                    Refuse((await Region()).UnitN(unit), (await Region()).UnitHidden(unit), "enheten");
                    filter = filter with { UnitCode = unit };
                    words.Add($"Enhet: {unit}");
                    break;
                default:
                    throw new UserError($"Okänt filter '{field}': använd administration=… eller unit=….");
            }
        }
        return (filter, words.Count == 0 ? "Hela regionen" : string.Join(", ", words));
    }

    /// <summary>
    /// A filter may only pick a group the region's tables show, counted on respondents: then neither the group
    /// itself nor, by subtraction from the region or from its administration, the rest of it is a group under 5,
    /// and no set of filtered workbooks adds up to a group the region hides.
    /// </summary>
    private static void Refuse(long n, bool hidden, string group)
    {
        if (Suppression.TooSmall(n))
            throw new UserError($"Urvalet kan inte visas: {group} har färre än {Suppression.MinimumGroupSize} svarande.");
        if (hidden)
            throw new UserError($"Urvalet kan inte visas: {group} döljs i regionens tabeller, så att en mindre grupp inte kan räknas fram.");
    }

    private static async Task<RegionRows> RespondentsAsync(NpgsqlConnection connection, Instrument instrument, string waveCode,
        CancellationToken ct)
    {
        var waveId = await connection.QuerySingleOrDefaultAsync<short?>(new CommandDefinition(
            "SELECT id FROM wave WHERE code = @waveCode", new { waveCode }, cancellationToken: ct))
            ?? throw new UserError($"Okänd mätning '{waveCode}' (se survey waves).");
        return await RegionRows.OfRespondentsAsync(connection, instrument, waveId, ct);
    }

    /// <summary>The report table's scope of an analyst workbook: its filters in a stable order.</summary>
    public static string Scope(IReadOnlyList<(string Field, string Value)> filters) =>
        string.Join("&", filters.Select(f => $"{f.Field.Trim().ToLowerInvariant()}={f.Value.Trim()}").Order(StringComparer.Ordinal));
}
