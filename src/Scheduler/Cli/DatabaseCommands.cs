using System.CommandLine;
using Npgsql;
using Survey.Scheduler.Database;

namespace Survey.Scheduler.Cli;

/// <summary>survey migrate, survey db status, survey db stop.</summary>
internal static class DatabaseCommands
{
    public static Command Migrate(CliContext context)
    {
        var command = new Command("migrate", "Apply the database migrations in db/ (running them twice changes nothing).");
        command.SetAction(async (_, ct) =>
        {
            var connectionString = await SurveyDatabase.ResolveAsync(context.Config, ct);
            var applied = await Migrations.ApplyAsync(connectionString, ct);
            await context.Out.WriteLineAsync(applied == 0
                ? "Database is up to date."
                : $"Applied {applied} migration(s).");
            return 0;
        });
        return command;
    }

    public static Command Db(CliContext context)
    {
        var status = new Command("status", "Show which database is used and whether the embedded cluster runs.");
        status.SetAction(async (_, ct) =>
        {
            if (SurveyDatabase.ConfiguredConnectionString(context.Config) is { } configured)
            {
                var builder = new NpgsqlConnectionStringBuilder(configured);
                await context.Out.WriteLineAsync($"database: ConnectionStrings__Survey (host {builder.Host}, port {builder.Port}, database {builder.Database})");
                return 0;
            }
            var embedded = SurveyDatabase.Embedded(context.Config).Status();
            await context.Out.WriteLineAsync($"database: embedded PostgreSQL in {embedded.DataDir}");
            await context.Out.WriteLineAsync(!embedded.Initialised ? "state: not created yet (any command that needs it creates it)"
                : embedded.Port is { } port ? $"state: running on 127.0.0.1:{port}" : "state: stopped");
            return 0;
        });

        var stop = new Command("stop", "Stop the embedded PostgreSQL cluster.");
        stop.SetAction(async (_, ct) =>
        {
            if (SurveyDatabase.ConfiguredConnectionString(context.Config) is not null)
                throw new UserError("ConnectionStrings__Survey is set: that server is not ours to stop.");
            var stopped = await SurveyDatabase.Embedded(context.Config).StopAsync(ct);
            await context.Out.WriteLineAsync(stopped ? "Embedded PostgreSQL stopped." : "Embedded PostgreSQL was not running.");
            return 0;
        });

        return new Command("db", "The database: status and stop.") { status, stop };
    }
}
