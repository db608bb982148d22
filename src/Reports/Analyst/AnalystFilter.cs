using Dapper;
using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Reports.Analyst;

/// <summary>The analyst's filter (administration=CODE|name, unit=CODE) as a WaveFilter, and its words for the report list.</summary>
internal static class AnalystFilter
{
    public static async Task<(WaveFilter Filter, string Description)> ResolveAsync(NpgsqlConnection connection,
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
                    filter = filter with { AdministrationId = administration.Id };
                    words.Add($"Förvaltning: {administration.Name}");
                    break;
                case "unit" or "enhet":
                    filter = filter with { UnitCode = value.Trim() };
                    words.Add($"Enhet: {value.Trim()}");
                    break;
                default:
                    throw new UserError($"Okänt filter '{field}': använd administration=… eller unit=….");
            }
        }
        return (filter, words.Count == 0 ? "Hela regionen" : string.Join(", ", words));
    }

    /// <summary>The report table's scope of an analyst workbook: its filters in a stable order.</summary>
    public static string Scope(IReadOnlyList<(string Field, string Value)> filters) =>
        string.Join("&", filters.Select(f => $"{f.Field.Trim().ToLowerInvariant()}={f.Value.Trim()}").Order(StringComparer.Ordinal));
}
