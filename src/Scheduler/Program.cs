using Survey.Scheduler.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await Cli.RunAsync(args, Cli.DefaultConfiguration(), Console.Out, Console.Error, cancel.Token);

/// <summary>The entry point, visible to the web integration tests (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
