using Npgsql;

namespace Survey.Scheduler.Database;

/// <summary>
/// Where the database is: ConnectionStrings:Survey when configured, otherwise the embedded default cluster in
/// Survey:DataDir. Opening it applies the migrations.
/// </summary>
internal static class SurveyDatabase
{
    public const string DatabaseName = "survey";

    public static string? ConfiguredConnectionString(IConfiguration config) =>
        config.GetConnectionString("Survey") is { Length: > 0 } cs ? cs : null;

    public static EmbeddedPostgres Embedded(IConfiguration config) =>
        new(Hosting.SurveyOptions.From(config).ResolvedDataDir);

    /// <summary>The connection string of the product database, creating the embedded cluster and database if needed.</summary>
    public static async Task<string> ResolveAsync(IConfiguration config, CancellationToken ct)
    {
        var (database, server) = await LocateAsync(config, ct);
        if (server is not null)
            await CreateDatabaseIfMissingAsync(server, DatabaseName, ct);
        return database;
    }

    /// <summary>
    /// Resolves the database, applies the migrations and returns the process's one data source. The embedded
    /// cluster's database is created when the first connection to it finds none, so that a command does not connect
    /// twice (each new connection costs the process a login and Npgsql's read of the server's types: a tenth of a
    /// second, as much as a report's own queries).
    /// </summary>
    public static async Task<NpgsqlDataSource> OpenAsync(IConfiguration config, CancellationToken ct)
    {
        var (connectionString, server) = await LocateAsync(config, ct);
        var db = NpgsqlDataSource.Create(connectionString);
        try
        {
            try
            {
                await Migrations.ApplyAsync(db, connectionString, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName && server is not null)
            {
                await CreateDatabaseIfMissingAsync(server, DatabaseName, ct);
                await Migrations.ApplyAsync(db, connectionString, ct);
            }
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>The product database's connection string, and for the embedded cluster (started if needed) its server's.</summary>
    private static async Task<(string Database, string? Server)> LocateAsync(IConfiguration config, CancellationToken ct)
    {
        if (ConfiguredConnectionString(config) is { } configured)
            return (configured, null);
        var server = await Embedded(config).EnsureRunningAsync(ct);
        var serverConnectionString = server.ConnectionString;
        server.Database = DatabaseName;
        return (server.ConnectionString, serverConnectionString);
    }

    public static async Task CreateDatabaseIfMissingAsync(string serverConnectionString, string name, CancellationToken ct,
        string? template = null)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = name } },
        };
        if (await exists.ExecuteScalarAsync(ct) is not null)
            return;
        var sql = $"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\"");
        try
        {
            await using var create = new NpgsqlCommand(sql, connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another process created it at the same moment.
        }
    }

    /// <summary>Drops a throwaway database (the benchmark's, a test's), closing its connections first.</summary>
    public static async Task DropDatabaseAsync(string serverConnectionString, string name)
    {
        NpgsqlConnection.ClearAllPools();
        // Dropping waits for a checkpoint, which on a busy machine can outlast the default 30 s command timeout:
        // give it time, and try once more if the server was too busy to answer at all.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(serverConnectionString);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection) { CommandTimeout = 300 };
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (NpgsqlException e) when (attempt < 3 && e.IsTransient)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }
}
