using Hangfire.Logging;

namespace Survey.Tests.Web;

/// <summary>
/// Hangfire keeps process-wide state (its log provider points at the logger factory of the last host started), so
/// the test classes that start hosts or use Hangfire directly run one after another, never side by side.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HangfireCollection
{
    public const string Name = "Hangfire";

    /// <summary>For tests that use Hangfire without a host: a log provider that outlives every host.</summary>
    public static void UseSilentLogging() => LogProvider.SetCurrentLogProvider(new SilentLogProvider());

    private sealed class SilentLogProvider : ILogProvider
    {
        public ILog GetLogger(string name) => new SilentLog();
    }

    private sealed class SilentLog : ILog
    {
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
