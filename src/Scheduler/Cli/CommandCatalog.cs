using System.CommandLine;

namespace Survey.Scheduler.Cli;

/// <summary>Every top-level command, in the order --help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All(CliContext context) =>
    [
        DatabaseCommands.Migrate(context),
        DatabaseCommands.Db(context),
        WavesCommand.Create(context),
        OrgCommand.Create(context),
        InstrumentCommand.Create(context),
        SampleCommand.Create(context),
        IngestCommand.Create(context, Survey.Ingest.Uploads.UploadKind.Survey),
        IngestCommand.Create(context, Survey.Ingest.Uploads.UploadKind.Headcount),
        IngestCommand.Create(context, Survey.Ingest.Uploads.UploadKind.Indicators),
        ProfileCommand.Create(context),
        GoalsCommand.Create(context),
        ReportCommand.Create(context),
        ReportsBenchCommand.Create(context),
        ProtectionBenchCommand.Create(context),
        ServeCommand.Create(context),
        UserCommand.Create(context),
        DemoCommand.Create(context),
    ];
}
