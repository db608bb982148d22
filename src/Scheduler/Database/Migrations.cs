using DbUp;
using Npgsql;

namespace Survey.Scheduler.Database;

/// <summary>
/// Applies the forward-only scripts in db/ (embedded in this assembly) with DbUp. An advisory lock keeps two
/// processes starting at once from applying the same script twice. Every command opens the database this way, so
/// when DbUp's journal already lists every script one query says so, and DbUp (a connection of its own and its
/// reads of the journal) is not started.
/// </summary>
internal static class Migrations
{
    private const long LockKey = 0x5631_3600; // "V16" in the advisory lock space

    private static readonly string[] Scripts =
        [.. typeof(Migrations).Assembly.GetManifestResourceNames().Where(name => name.StartsWith("db.", StringComparison.Ordinal))];

    public static async Task<int> ApplyAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return await ApplyAsync(connection, connectionString, ct);
    }

    /// <summary>
    /// Through the process's data source: its first connection, which its first query then reuses (DbUp, when it
    /// runs, connects with the connection string, which the data source does not give back with its password).
    /// </summary>
    public static async Task<int> ApplyAsync(NpgsqlDataSource db, string connectionString, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await ApplyAsync(connection, connectionString, ct);
    }

    private static async Task<int> ApplyAsync(NpgsqlConnection connection, string connectionString, CancellationToken ct)
    {
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
            await take.ExecuteNonQueryAsync(ct);
        try
        {
            if (await UpToDateAsync(connection, ct))
                return 0;
            var upgrade = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(Migrations).Assembly, name => name.StartsWith("db.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build()
                .PerformUpgrade();
            return upgrade.Successful
                ? upgrade.Scripts.Count()
                : throw new InvalidOperationException(
                    $"Migration {upgrade.ErrorScript?.Name} failed: {upgrade.Error.Message}", upgrade.Error);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>Whether DbUp's journal (public.schemaversions) lists every embedded script.</summary>
    private static async Task<bool> UpToDateAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using (var journal = new NpgsqlCommand("SELECT to_regclass('public.schemaversions') IS NOT NULL", connection))
            if (await journal.ExecuteScalarAsync(ct) is not true)
                return false;
        await using var listed = new NpgsqlCommand(
            "SELECT count(DISTINCT scriptname) FROM public.schemaversions WHERE scriptname = ANY ($1)", connection)
        {
            Parameters = { new() { Value = Scripts } },
        };
        return await listed.ExecuteScalarAsync(ct) is long count && count == Scripts.Length;
    }
}
