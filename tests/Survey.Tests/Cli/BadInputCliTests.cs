using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Cli;

/// <summary>Bad input from outside the file's rows is a user's mistake too: exit 2, one Swedish line, nothing stored.</summary>
public sealed class BadInputCliTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_file_the_process_may_not_read_exits_2()
    {
        // As root every ordinary file is readable; the kernel's write-only files are not, even to root.
        var dir = Directory.CreateTempSubdirectory("survey-cli-");
        try
        {
            var path = Path.Combine(dir.FullName, "locked.csv");
            await File.WriteAllTextAsync(path, "B_FORV;B_ENHET\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.None);
            if (Environment.IsPrivilegedProcess)
                path = "/proc/sys/vm/drop_caches";
            var before = await DataSnapshotAsync(db);
            var (exit, _, error) = await CliTests.RunAsync(db, "ingest", path, "--wave", "V16-2021");
            Assert.Equal(2, exit);
            Assert.Equal($"error: Filen {path} går inte att läsa: behörighet saknas.", error.Trim());
            Assert.Equal(before, await DataSnapshotAsync(db));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("0000-01")]
    [InlineData("9999-12")]
    [InlineData("2021-13")]
    public async Task A_period_outside_the_calendar_exits_2(string period)
    {
        var (exit, _, error) = await CliTests.RunAsync(db, "goals", "--period", period);
        Assert.Equal(2, exit);
        Assert.Equal($"error: Ogiltig period '{period}': ange en månad ÅÅÅÅ-MM mellan 1900-01 och 2999-12, t.ex. 2021-05.", error.Trim());
    }

    [Fact]
    public async Task More_than_the_limit_piped_in_exits_2_and_logs_the_upload_as_rejected()
    {
        var dir = Directory.CreateTempSubdirectory("survey-cli-");
        try
        {
            var fifo = Path.Combine(dir.FullName, "stdin");
            using (var mkfifo = Process.Start("mkfifo", fifo))
                await mkfifo.WaitForExitAsync();
            var writer = Task.Run(async () =>
            {
                await using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                var line = "HSF;HSF-0012;1;2;2\n"u8.ToArray();
                try
                {
                    for (var i = 0; i < 10_000; i++)
                        await pipe.WriteAsync(line);
                }
                catch (IOException)
                {
                    // The reader stopped at the limit and closed its end.
                }
            });
            var config = new ConfigurationBuilder().AddConfiguration(db.Config)
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Survey:MaxUploadBytes"] = "65536" }).Build();
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var before = await DataSnapshotAsync(db);
            var exit = await Survey.Scheduler.Cli.Cli.RunAsync(["ingest", fifo, "--wave", "V16-2021"], config, stdout, stderr);
            await writer;
            Assert.Equal(2, exit);
            Assert.Contains("Filen är större än gränsen på 64 kB och har inte lästs in.", stdout.ToString());
            Assert.Equal("error: the file was rejected; nothing was stored.", stderr.ToString().Trim());
            Assert.Equal(before, await DataSnapshotAsync(db));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
