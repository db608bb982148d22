using Dapper;
using Npgsql;

namespace Survey.Ingest.Exports;

/// <summary>Units are registered by the uploads that name them, under the administration given there.</summary>
internal static class Units
{
    public static Task RegisterAsync(NpgsqlConnection connection, IReadOnlyDictionary<string, short> units, CancellationToken ct) =>
        units.Count == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO unit (code, administration_id) SELECT * FROM unnest(@codes, @administrations) ON CONFLICT (code) DO NOTHING",
                new { codes = units.Keys.ToArray(), administrations = units.Values.ToArray() }, cancellationToken: ct));
}
