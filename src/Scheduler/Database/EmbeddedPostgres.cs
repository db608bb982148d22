using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Survey.Scheduler.Database;

/// <summary>
/// The embedded default database: a PostgreSQL cluster of our own in the data folder, started from the machine's
/// server binaries on a free loopback port, reused while it runs. initdb and postgres refuse to run as root, so as
/// root the cluster belongs to the postgres user and the binaries run through runuser.
/// </summary>
internal sealed class EmbeddedPostgres(string dataDir)
{
    private const string SuperUser = "postgres";

    public string DataDir { get; } = Path.GetFullPath(dataDir);
    public string ClusterDir => Path.Combine(DataDir, "pg");
    private string PasswordFile => Path.Combine(DataDir, "pg.password");
    private string LogFile => Path.Combine(ClusterDir, "server.log");

    public static string DefaultDataDir() =>
        IsRoot ? "/var/lib/survey" // postgres cannot reach a cluster inside root's private home folder
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "survey");

    private static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Initialises and starts the cluster when needed; returns a connection to its postgres database.</summary>
    public async Task<NpgsqlConnectionStringBuilder> EnsureRunningAsync(CancellationToken ct)
    {
        using var _ = await ClusterLock.AcquireAsync(Path.Combine(DataDir, "pg.lock"), ct);
        var bin = PostgresBinaries.Find();
        if (!File.Exists(Path.Combine(ClusterDir, "PG_VERSION")))
            Initialise(bin);
        if (RunningPort() is not { } port)
            port = Start(bin);
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Password = File.ReadAllText(PasswordFile).Trim(),
            Database = "postgres",
        };
    }

    public EmbeddedStatus Status() =>
        new(DataDir, File.Exists(Path.Combine(ClusterDir, "PG_VERSION")), RunningPort());

    /// <summary>Stops the cluster if it runs; returns whether it did.</summary>
    public async Task<bool> StopAsync(CancellationToken ct)
    {
        using var _ = await ClusterLock.AcquireAsync(Path.Combine(DataDir, "pg.lock"), ct);
        if (RunningPort() is null)
            return false;
        Run(PostgresBinaries.Find(), "pg_ctl", "-D", ClusterDir, "-m", "fast", "-w", "stop");
        return true;
    }

    private void Initialise(string bin)
    {
        Directory.CreateDirectory(ClusterDir);
        if (IsRoot)
        {
            Chown(ClusterDir);
            if (!Execute(null, "test", "-w", ClusterDir).Ok)
                throw new UserError(
                    $"The postgres user cannot write to {ClusterDir}. Choose a Survey__DataDir that it can reach " +
                    "(outside a private home folder, for example /var/lib/survey).");
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var pwFile = Path.Combine(Path.GetTempPath(), $"survey-pw-{Guid.NewGuid():N}");
        File.WriteAllText(pwFile, password);
        OwnerOnly(pwFile);
        try
        {
            if (IsRoot)
                Chown(pwFile);
            Run(bin, "initdb", "-D", ClusterDir, "-U", SuperUser, "--pwfile", pwFile, "-A", "scram-sha-256",
                "-E", "UTF8", "--no-locale", "--no-sync");
        }
        finally
        {
            File.Delete(pwFile);
        }

        File.WriteAllText(PasswordFile, password);
        OwnerOnly(PasswordFile);
    }

    private int Start(string bin)
    {
        // The free port can be taken by someone else between probing and binding: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var options = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300";
            var result = Execute(bin, "pg_ctl", "-D", ClusterDir, "-l", LogFile, "-o", options, "-w", "-t", "60", "start");
            if (result.Ok)
                return RunningPort() ?? port;
            if (attempt == 3)
                throw new InvalidOperationException(
                    $"PostgreSQL did not start in {ClusterDir}: {result.Output.Trim()}\n{LogTail()}");
        }
    }

    /// <summary>The port of the running postmaster, from postmaster.pid, or null when it does not run.</summary>
    private int? RunningPort()
    {
        var pidFile = Path.Combine(ClusterDir, "postmaster.pid");
        if (!File.Exists(pidFile))
            return null;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(pidFile);
        }
        catch (IOException)
        {
            return null;
        }
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port))
            return null;
        if (!ProcessIsAlive(pid))
            return null;
        // The pid file appears before the server accepts connections; status "ready" is written last.
        return lines.Length >= 8 && lines[7].Trim() == "ready" ? port : WaitUntilReady(pidFile, port);
    }

    private static int? WaitUntilReady(string pidFile, int port)
    {
        for (var i = 0; i < 600; i++)
        {
            Thread.Sleep(100);
            var lines = File.Exists(pidFile) ? File.ReadAllLines(pidFile) : [];
            if (lines.Length == 0)
                return null;
            if (lines.Length >= 8 && lines[7].Trim() == "ready")
                return port;
        }
        return null;
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string LogTail() =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(20)) : "";

    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static void Chown(string path)
    {
        var result = Execute(null, "chown", "-R", $"{SuperUser}:{SuperUser}", path);
        if (!result.Ok)
            throw new UserError($"Running as root needs a '{SuperUser}' system user to own the database cluster " +
                                $"(apt-get install postgresql creates it): {result.Output.Trim()}");
    }

    private static void Run(string bin, string tool, params string[] args)
    {
        var result = Execute(bin, tool, args);
        if (!result.Ok)
            throw new InvalidOperationException($"{tool} failed: {result.Output.Trim()}");
    }

    /// <summary>Runs a tool (from bin, or from PATH when bin is null); as root, as the postgres user, except chown.</summary>
    private static ProcessResult Execute(string? bin, string tool, params string[] args)
    {
        var executable = bin is null ? tool : Path.Combine(bin, tool);
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            // The server must not inherit our working folder (it may be deleted) nor die with our process group.
            WorkingDirectory = "/",
        };
        if (IsRoot && tool != "chown")
        {
            start.FileName = "runuser";
            foreach (var a in (string[])["-u", SuperUser, "--", executable])
                start.ArgumentList.Add(a);
        }
        else
            start.FileName = executable;
        foreach (var a in args)
            start.ArgumentList.Add(a);

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new ProcessResult(process.ExitCode == 0, stdout.Result + stderr);
    }

    private sealed record ProcessResult(bool Ok, string Output);
}

internal sealed record EmbeddedStatus(string DataDir, bool Initialised, int? Port);
