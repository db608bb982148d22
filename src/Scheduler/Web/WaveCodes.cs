using Dapper;
using Npgsql;

namespace Survey.Scheduler.Web;

/// <summary>The waves to choose from in the pages' forms, newest first.</summary>
internal static class WaveCodes
{
    public static async Task<IReadOnlyList<string>> NewestFirstAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT code FROM wave ORDER BY starts_on DESC, code", cancellationToken: ct))).ToList();
}
