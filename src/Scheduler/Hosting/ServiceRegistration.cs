using System.Text.Encodings.Web;
using System.Text.Unicode;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Npgsql;
using Survey.Scheduler.Jobs;
using Survey.Scheduler.Web;

namespace Survey.Scheduler.Hosting;

internal static class ServiceRegistration
{
    public static IServiceCollection AddSurvey(this IServiceCollection services, IConfiguration config, string connectionString)
    {
        services.AddOptions<SurveyOptions>().Bind(config.GetSection(SurveyOptions.Section));
        var options = SurveyOptions.From(config);

        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton(TimeProvider.System);
        services.AddDataProtection().SetApplicationName("survey");
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((o, db) => o.XmlRepository = new DatabaseKeyRepository(db));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o => WebAuth.ConfigureCookie(o, options.Oidc.Enabled))
            .AddSso(options.Oidc);
        services.AddAuthorization(WebAuth.ConfigurePolicies);
        services.AddRazorPages(WebAuth.ConfigurePages);
        // Swedish letters as themselves in the HTML (still encoded where markup requires it).
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(o => o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict);
        // The form may be a little larger than the file limit, so that an oversized file still reaches PendingUploads,
        // which logs it as rejected with a Swedish message; anything far larger is cut off by Kestrel.
        var requestLimit = options.MaxUploadBytes + 1024 * 1024;
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = requestLimit);
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = requestLimit);
        services.AddOpenApi();
        services.AddProblemDetails();
        services.AddExceptionHandler<FailedRequests>();

        services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseFilter(new AutomaticRetryAttribute { Attempts = 3 })
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                UseSlidingInvisibilityTimeout = true, // a long report must not be picked up by a second worker
                QueuePollInterval = TimeSpan.FromSeconds(1),
                PrepareSchemaIfNecessary = true,
            }));
        services.AddHangfireServer(o =>
        {
            o.WorkerCount = options.WorkerCount;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        services.AddSurveyJobs();
        return services;
    }
}
