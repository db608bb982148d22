namespace Survey.Scheduler.Database;

/// <summary>Finds the machine's PostgreSQL server binaries (initdb, pg_ctl) for the embedded default cluster.</summary>
internal static class PostgresBinaries
{
    private static readonly string[] InstallFolders =
    [
        "/usr/lib/postgresql/*/bin", // Debian, Ubuntu
        "/usr/pgsql-*/bin",          // RHEL, Fedora (PGDG)
        "/usr/local/pgsql/bin",      // source builds
        "/opt/homebrew/opt/postgresql@*/bin",
        "/usr/local/opt/postgresql@*/bin",
    ];

    public static string Find()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServer);
        if (onPath is not null)
            return ResolveLinks(onPath);

        var installed = InstallFolders
            .SelectMany(Expand)
            .Where(HasServer)
            .OrderByDescending(VersionOf)
            .FirstOrDefault();
        return installed ?? throw new UserError(
            "No PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or under /usr/lib/postgresql. " +
            "Install them (Debian/Ubuntu: apt-get install postgresql) or set ConnectionStrings__Survey to an existing server.");
    }

    private static bool HasServer(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

    // /usr/local/bin/pg_ctl is often a link into the real bin folder; the real folder also holds postgres.
    private static string ResolveLinks(string folder)
    {
        var target = new FileInfo(Path.Combine(folder, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? folder : Path.GetDirectoryName(target.FullName)!;
    }

    private static IEnumerable<string> Expand(string pattern)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
            return Directory.Exists(pattern) ? [pattern] : [];
        var parent = Path.GetDirectoryName(pattern[..star])!;
        var leaf = pattern[(parent.Length + 1)..].Split('/')[0];
        var rest = pattern[(parent.Length + 1 + leaf.Length)..];
        return Directory.Exists(parent)
            ? Directory.GetDirectories(parent, leaf).Select(d => d + rest).Where(Directory.Exists)
            : [];
    }

    private static int VersionOf(string folder) =>
        int.TryParse(new string(folder.Where(char.IsDigit).ToArray()) is { Length: > 0 and < 9 } digits ? digits : "0",
            out var version) ? version : 0;
}
