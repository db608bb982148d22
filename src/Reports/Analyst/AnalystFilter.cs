using System.Globalization;
using Dapper;
using Npgsql;
using Survey.Reports.Goals;
using Survey.Reports.Privacy;

namespace Survey.Reports.Analyst;

/// <summary>
/// The analyst's filter. What a user typed (administration=code, name or alias; unit=code) is resolved once, at the
/// edge, into a <see cref="WaveFilter"/> of ids, which an order stores in real columns and the job takes as it is;
/// a later rename or merge changes nothing an order means.
/// </summary>
internal static class AnalystFilter
{
    /// <summary>The filter a user typed, as ids: an administration by code, name or alias (counted as the administration
    /// it was merged into, if it was), a unit by its code.</summary>
    public static async Task<WaveFilter> ResolveAsync(NpgsqlConnection connection, IReadOnlyList<(string Field, string Value)> filters,
        CancellationToken ct)
    {
        var filter = WaveFilter.All;
        foreach (var (field, text) in filters.Where(f => f.Value.Trim().Length > 0))
        {
            var value = text.Trim();
            switch (field.Trim().ToLowerInvariant())
            {
                case "administration" or "förvaltning":
                    var administration = await connection.QueryFirstOrDefaultAsync<short?>(new CommandDefinition("""
                        SELECT coalesce(named.merged_into, named.id) FROM administration named
                        WHERE lower(named.code) = lower(@value) OR lower(named.name) = lower(@value)
                           OR named.id IN (SELECT administration_id FROM administration_alias WHERE alias = lower(@value))
                        ORDER BY named.merged_into IS NOT NULL
                        """, new { value }, cancellationToken: ct))
                        ?? throw new UserError($"Okänd förvaltning '{value}'.");
                    filter = filter with { AdministrationId = administration };
                    break;
                case "unit" or "enhet":
                    var unit = await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
                        "SELECT code FROM unit WHERE lower(code) = lower(@value) ORDER BY code = @value DESC", new { value }, cancellationToken: ct))
                        ?? throw new UserError($"Okänd enhet '{value}'.");
                    filter = filter with { UnitCode = unit };
                    break;
                default:
                    throw new UserError($"Okänt filter '{field}': använd administration=… eller unit=….");
            }
        }
        return filter;
    }

    /// <summary>The report table's key of an analyst workbook's filter ('' for the whole region).</summary>
    public static string Key(WaveFilter filter) => string.Join("&", new[]
    {
        filter.AdministrationId is { } a ? $"administration={a.ToString(CultureInfo.InvariantCulture)}" : null,
        filter.UnitCode is { } u ? $"unit={u}" : null,
    }.OfType<string>());

    /// <summary>
    /// The filter as the wave counts it now (an administration merged since the order counts as the one it was merged
    /// into), refused where it would pick a group the region hides, with its words for the workbook. Whether it is
    /// refused is the wave's protection decision (<see cref="WaveProtection.FilterOf(short)"/>), which this only reads.
    /// </summary>
    public static async Task<(WaveFilter Filter, string Description)> CheckAsync(NpgsqlConnection connection, WaveProtection protection,
        WaveFilter filter, CancellationToken ct)
    {
        if (filter == WaveFilter.All)
            return (filter, "Hela regionen");
        var words = new List<string>();
        if (filter.AdministrationId is { } id)
        {
            var administration = await connection.QuerySingleAsync<(short Id, string Name)>(new CommandDefinition("""
                SELECT a.id, a.name FROM administration named JOIN administration a ON a.id = coalesce(named.merged_into, named.id)
                WHERE named.id = @id
                """, new { id }, cancellationToken: ct));
            Refuse(protection.FilterOf(administration.Id), "förvaltningen");
            filter = filter with { AdministrationId = administration.Id };
            words.Add($"Förvaltning: {administration.Name}");
        }
        if (filter.UnitCode is { } unit)
        {
            Refuse(protection.FilterOf(unit), "enheten");
            words.Add($"Enhet: {unit}");
        }
        return (filter, string.Join(", ", words));
    }

    /// <summary>
    /// A filter may only pick a group the region's tables show, counted on respondents: then neither the group
    /// itself nor, by subtraction from the region or from its administration, the rest of it is a group under 5,
    /// and no set of filtered workbooks adds up to a group the region hides.
    /// </summary>
    private static void Refuse(WaveProtection.FilterVerdict verdict, string group)
    {
        if (verdict == WaveProtection.FilterVerdict.TooSmall)
            throw new UserError($"Urvalet kan inte visas: {group} har färre än {Suppression.MinimumGroupSize} svarande.");
        if (verdict == WaveProtection.FilterVerdict.Hidden)
            throw new UserError($"Urvalet kan inte visas: {group} döljs i regionens tabeller, så att en mindre grupp inte kan räknas fram.");
    }
}
