using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Survey.Scheduler.Database;

namespace Survey.Tests;

/// <summary>
/// The PostgreSQL server the tests run on: ConnectionStrings__Survey when set, otherwise the product's own embedded
/// default cluster. Migrations are applied once to a template database; each test class clones it.
/// </summary>
internal static class TestServer
{
    private static readonly Lazy<Task<(string Server, string Template)>> Shared = new(PrepareAsync);

    public static Task<(string Server, string Template)> GetAsync() => Shared.Value;

    public static IConfiguration EnvironmentConfig() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    private static async Task<(string, string)> PrepareAsync()
    {
        var config = EnvironmentConfig();
        var server = SurveyDatabase.ConfiguredConnectionString(config) is { } configured
            ? new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }
            : await SurveyDatabase.Embedded(config).EnsureRunningAsync(CancellationToken.None);
        server.Pooling = false;

        var template = $"survey_test_{MigrationsHash()}";
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        // Several test processes may prepare the same template at once.
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(1616)", connection))
            await take.ExecuteNonQueryAsync();
        await using (var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{template}'", connection))
        {
            if (await exists.ExecuteScalarAsync() is null)
            {
                await SurveyDatabase.CreateDatabaseIfMissingAsync(server.ConnectionString, template + "_wip", default);
                await Migrations.ApplyAsync(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = template + "_wip" }.ConnectionString, default);
                await using var rename = new NpgsqlCommand($"ALTER DATABASE \"{template}_wip\" RENAME TO \"{template}\"", connection);
                await rename.ExecuteNonQueryAsync();
            }
        }
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(1616)", connection))
            await release.ExecuteNonQueryAsync();
        return (server.ConnectionString, template);
    }

    private static string MigrationsHash()
    {
        var assembly = typeof(Migrations).Assembly;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("db.", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            sha.AppendData(memory.ToArray());
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..12].ToLowerInvariant();
    }
}

/// <summary>A fresh, migrated database for one test class (use as IClassFixture).</summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private string _server = "";

    public string Name { get; } = $"t_{Guid.NewGuid():N}";
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>Configuration that points the product at this database, as ConnectionStrings__Survey would.</summary>
    public IConfiguration Config => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Survey"] = ConnectionString })
        .Build();

    public async Task InitializeAsync()
    {
        (_server, var template) = await TestServer.GetAsync();
        await SurveyDatabase.CreateDatabaseIfMissingAsync(_server, Name, default, template);
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = Name, Pooling = true }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await SurveyDatabase.DropDatabaseAsync(_server, Name);
    }
}
