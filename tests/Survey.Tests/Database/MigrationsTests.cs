using Dapper;
using Npgsql;
using Survey.Scheduler.Database;

namespace Survey.Tests.Database;

public sealed class MigrationsTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_a_second_run_changes_nothing()
    {
        var (server, _) = await TestServer.GetAsync();
        var name = $"t_{Guid.NewGuid():N}";
        await SurveyDatabase.CreateDatabaseIfMissingAsync(server, name, default);
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        try
        {
            var first = await Migrations.ApplyAsync(cs, default);
            var schemaAfterFirst = await SchemaAsync(cs);
            var second = await Migrations.ApplyAsync(cs, default);

            var scripts = typeof(Migrations).Assembly.GetManifestResourceNames().Count(n => n.StartsWith("db.", StringComparison.Ordinal));
            Assert.Equal(scripts, first);
            Assert.Equal(0, second);
            Assert.Equal(schemaAfterFirst, await SchemaAsync(cs));
            Assert.Contains("respondent.answers int2[]", schemaAfterFirst);
        }
        finally
        {
            await SurveyDatabase.DropDatabaseAsync(server, name);
        }
    }

    private static async Task<string> SchemaAsync(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        var columns = await connection.QueryAsync<string>("""
            SELECT c.table_name || '.' || c.column_name || ' ' ||
                   CASE WHEN c.data_type = 'ARRAY' THEN substr(c.udt_name, 2) || '[]' ELSE c.data_type END
            FROM information_schema.columns c
            WHERE c.table_schema = 'public'
            ORDER BY 1
            """);
        var rows = await connection.QueryAsync<string>("""
            SELECT format('%s questions, %s options, %s aliases, %s waves, %s goals, %s administrations',
                (SELECT count(*) FROM question), (SELECT count(*) FROM answer_option),
                (SELECT count(*) FROM question_alias) + (SELECT count(*) FROM answer_alias),
                (SELECT count(*) FROM wave), (SELECT count(*) FROM goal), (SELECT count(*) FROM administration))
            """);
        return string.Join('\n', columns.Concat(rows));
    }
}
