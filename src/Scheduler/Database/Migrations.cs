using DbUp;
using Npgsql;

namespace Survey.Scheduler.Database;

/// <summary>
/// Applies the forward-only scripts in db/ (embedded in this assembly) with DbUp. An advisory lock keeps two
/// processes starting at once from applying the same script twice.
/// </summary>
internal static class Migrations
{
    private const long LockKey = 0x5631_3600; // "V16" in the advisory lock space

    public static async Task<int> ApplyAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
            await take.ExecuteNonQueryAsync(ct);

        var upgrade = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(Migrations).Assembly, name => name.StartsWith("db.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection))
            await release.ExecuteNonQueryAsync(ct);

        return upgrade.Successful
            ? upgrade.Scripts.Count()
            : throw new InvalidOperationException(
                $"Migration {upgrade.ErrorScript?.Name} failed: {upgrade.Error.Message}", upgrade.Error);
    }
}
