using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Survey.Scheduler.Database;
using Survey.Scheduler.Hosting;

namespace Survey.Tests.Web;

/// <summary>
/// `serve` on a PostgreSQL cluster of its own that is stopped and started again: during the outage the API answers
/// problem details (503) and logs one line per failed request with the stack trace once; afterwards it answers
/// again without a restart. In the Hangfire collection: its host sets Hangfire's process-wide storage, which would
/// point another class's host at this cluster.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class OutageTests : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("survey-outage-").FullName;
    private readonly EmbeddedPostgres _cluster;
    private readonly ConcurrentQueue<(string Message, bool Traced)> _failures = new();
    private string _connectionString = "";
    private int _port;

    public OutageTests()
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_dataDir, (UnixFileMode)0b111_101_101); // the postgres user must reach its cluster
        _cluster = new EmbeddedPostgres(_dataDir);
    }

    public async Task InitializeAsync()
    {
        var server = await _cluster.EnsureRunningAsync(default);
        _port = server.Port;
        await SurveyDatabase.CreateDatabaseIfMissingAsync(server.ConnectionString, "survey", default);
        server.Database = "survey";
        _connectionString = server.ConnectionString;
        await Migrations.ApplyAsync(_connectionString, default);
        await using var db = Npgsql.NpgsqlDataSource.Create(_connectionString);
        await Survey.Scheduler.Accounts.Accounts.AddAsync(db, "board", "board", SurveyWebFactory.Password, replace: false, default);
    }

    protected override IHostBuilder CreateHostBuilder() =>
        SurveyHost.CreateBuilder(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Survey:DataDir"] = _dataDir,
            }).Build(), _connectionString)
            .ConfigureLogging(logging => logging.AddProvider(new Capture(_failures)));

    [Fact]
    public async Task The_api_answers_problem_details_during_an_outage_and_recovers_after_it()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.PostAsync("/Login", await SurveyWebFactory.FormAsync(client, "/Login",
            new() { ["name"] = "board", ["password"] = SurveyWebFactory.Password }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/goals?period=2021-05")).StatusCode);
        // Bad input is a 400 with problem details, never a 500. (During the outage every signed-in request is a 503:
        // the session is checked against its account row first.)
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/goals?period=0000-01")).StatusCode);

        await _cluster.StopAsync(default);
        for (var i = 0; i < 10; i++)
        {
            var response = await client.GetAsync("/api/goals?period=2021-05");
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, string.Join("\n", _failures.Select(f => f.Message)));
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("Databasen går inte att nå just nu.", problem.RootElement.GetProperty("title").GetString());
            Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("correlationId").GetString()));
        }
        var failures = _failures.ToArray();
        Assert.Equal(10, failures.Length);
        // A stack trace per distinct fault (the pool's broken connections, then the refused ones), not per request.
        Assert.InRange(failures.Count(f => f.Traced), 1, 2);
        Assert.All(failures, f => Assert.Contains("correlation", f.Message));

        PgCtl("-D", _cluster.ClusterDir, "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", "-w", "start");
        HttpStatusCode status = 0;
        for (var i = 0; i < 50 && status != HttpStatusCode.OK; i++)
        {
            status = (await client.GetAsync("/api/goals?period=2021-05")).StatusCode;
            await Task.Delay(status == HttpStatusCode.OK ? 0 : 200);
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static void PgCtl(params string[] args)
    {
        var pgCtl = Path.Combine(PostgresBinaries.Find(), "pg_ctl");
        var start = Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", pgCtl, .. args])
            : new ProcessStartInfo(pgCtl, args);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>The failed-request lines, and whether each carried a stack trace.</summary>
    private sealed class Capture(ConcurrentQueue<(string, bool)> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string category) => category == typeof(Survey.Scheduler.Web.FailedRequests).FullName
            ? new Lines(lines)
            : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Lines(ConcurrentQueue<(string, bool)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel level) => true;

            public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((formatter(state, exception), exception is not null));
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _cluster.StopAsync(default);
        Directory.Delete(_dataDir, recursive: true);
    }
}
