using System.Diagnostics;
using System.Globalization;

namespace Survey;

/// <summary>
/// How long each phase of a command took, for benchmarks (bench/speed.sh): with Survey__Timings=true a phase writes
/// one line "timing: NAME SECONDS s (RSS MB)" to standard error when it ends, with the process's resident set then.
/// Otherwise nothing is measured or written.
/// </summary>
public static class Timings
{
    public static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("Survey__Timings") is "true" or "1";

    /// <summary>Starts a phase, ended by disposing it: <c>using (Timings.Phase("copy")) …</c>.</summary>
    public static Lap Phase(string name) => new(Enabled ? name : null, Enabled ? Stopwatch.GetTimestamp() : 0);

    /// <summary>Notes that something happened (a path taken), without a time.</summary>
    public static void Note(string what)
    {
        if (Enabled)
            Console.Error.WriteLine($"timing: {what}");
    }

    public readonly struct Lap(string? name, long started) : IDisposable
    {
        public void Dispose()
        {
            if (name is not null)
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"timing: {name} {Stopwatch.GetElapsedTime(started).TotalSeconds:0.000} s (RSS {Environment.WorkingSet >> 20} MB)"));
        }
    }
}
