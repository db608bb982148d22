using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Survey.Scheduler.Hosting;

namespace Survey.Tests.Web;

/// <summary>A serve process as users run it: SurveyHost on Kestrel at a free loopback port, with its Hangfire server.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly IHost _host;

    private RunningHost(IHost host, Uri address)
    {
        _host = host;
        Address = address;
    }

    public Uri Address { get; }
    public IServiceProvider Services => _host.Services;

    public static async Task<RunningHost> StartAsync(string connectionString, string dataDir,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Survey:DataDir"] = dataDir,
                ["Logging:LogLevel:Default"] = "Warning",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var host = SurveyHost.CreateBuilder(config, connectionString).Build();
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningHost(host, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}
