using System.CommandLine;

namespace Survey.Scheduler.Cli;

/// <summary>survey demo: the product's main job end to end on the embedded default database.</summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("demo", "Run the whole journey on the embedded database and show the result.");
        command.SetAction(async (parseResult, ct) =>
        {
            await context.DatabaseAsync(ct);
            await context.Out.WriteLineAsync("Databasen är klar och migrerad.");
            return await WavesCommand.Create(context).Parse([]).InvokeAsync(
                new() { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false }, ct);
        });
        return command;
    }
}
