namespace Survey.Scheduler.Database;

/// <summary>
/// A lock file held exclusively while a process initialises, starts or stops the embedded cluster, so that two
/// processes starting at the same time do not both run initdb. .NET takes an advisory flock for FileShare.None.
/// </summary>
internal static class ClusterLock
{
    public static async Task<IDisposable> AcquireAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
    }
}
