using Dapper;
using Npgsql;

namespace Survey.Ingest.Uploads;

/// <summary>Runs an INSERT ... ON CONFLICT ... DO UPDATE ... WHERE (...) IS DISTINCT FROM (...) RETURNING xmax = 0
/// and counts what it did: a row it did not return was unchanged.</summary>
internal static class UpsertCounts
{
    public static async Task<StoreCounts> RunAsync(NpgsqlConnection connection, string upsertReturningInserted,
        object parameters, long staged, CancellationToken ct)
    {
        var (inserted, updated) = await connection.QuerySingleAsync<(int, int)>(new CommandDefinition(
            $"WITH up AS ({upsertReturningInserted}) SELECT count(*) FILTER (WHERE inserted)::int, count(*) FILTER (WHERE NOT inserted)::int FROM up",
            parameters, cancellationToken: ct, commandTimeout: 0));
        return new StoreCounts(inserted, updated, (int)staged - inserted - updated);
    }
}
