using System.CommandLine;
using Survey.Reports.Analyst;
using Survey.Reports.Board;

namespace Survey.Scheduler.Cli;

/// <summary>survey report board --period YYYY-MM --out FILE.xlsx; survey report analyst --wave CODE --out FILE.xlsx.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context) =>
        new("report", "Write the board report or an analyst workbook.") { Board(context), Analyst(context) };

    private static Command Analyst(CliContext context)
    {
        var wave = new Option<string>("--wave") { Description = "The wave's code, e.g. V16-2021.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The workbook to write (.xlsx).", Required = true };
        var filters = new Option<string[]>("--filter") { Description = "administration=CODE|name or unit=CODE (repeatable)." };
        var command = new Command("analyst", "Write an analyst workbook: distributions, goal breakdowns and free text.") { wave, output, filters };
        command.SetAction(async (parseResult, ct) =>
        {
            var db = await context.DatabaseAsync(ct);
            var file = parseResult.GetValue(output)!;
            var parsed = (parseResult.GetValue(filters) ?? []).Select(f => f.Split('=', 2) is [var field, var value]
                ? (field, value)
                : throw new UserError($"Filtret '{f}' ska skrivas fält=värde, t.ex. administration=HSF.")).ToList();
            if (file.Directory is { Exists: false })
                throw new UserError($"Mappen {file.DirectoryName} finns inte.");
            var temporary = file.FullName + ".tmp";
            try
            {
                await using (var stream = File.Create(temporary))
                    await AnalystWorkbooks.WriteAsync(db, parseResult.GetValue(wave)!, parsed, stream, ct);
                File.Move(temporary, file.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
            await context.DoneAsync(Audit.Audit.Actions.ReportOrder, $"Analysarbetsboken är skriven till {file.FullName}.", ct);
            return 0;
        });
        return command;
    }

    private static Command Board(CliContext context)
    {
        var period = new Option<string>("--period") { Description = "The month YYYY-MM.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The workbook to write (.xlsx).", Required = true };
        var command = new Command("board", "Write the monthly board report and store it in the report list (replacing that month's).")
        {
            period, output,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var db = await context.DatabaseAsync(ct);
            var month = parseResult.GetValue(period)!;
            var file = parseResult.GetValue(output)!;
            byte[] content;
            using (Timings.Phase("board: workbook made"))
                content = await BoardReports.GenerateAsync(db, month, ct);
            await WriteAsync(file, content, ct);
            using (Timings.Phase("board: stored"))
                await BoardReports.StoreAsync(db, month, content, replace: true, ct);
            await context.DoneAsync(Audit.Audit.Actions.ReportOrder, $"Styrelserapporten för {month} är skriven till {file.FullName} och sparad i rapportlistan.", ct);
            return 0;
        });
        return command;
    }

    internal static async Task WriteAsync(FileInfo file, byte[] content, CancellationToken ct)
    {
        if (file.Directory is { Exists: false })
            throw new UserError($"Mappen {file.DirectoryName} finns inte.");
        await File.WriteAllBytesAsync(file.FullName, content, ct);
    }
}
