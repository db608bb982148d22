namespace Survey.Scheduler.Hosting;

/// <summary>
/// The serve process: web host and Hangfire server on one database. The same builder runs in production and in
/// the integration tests, so what the tests prove is what users run.
/// </summary>
internal static class SurveyHost
{
    public static IHostBuilder CreateBuilder(IConfiguration config, string connectionString) =>
        Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(builder => builder.AddConfiguration(config))
            .ConfigureWebHostDefaults(web => web
                .ConfigureServices((context, services) => services.AddSurvey(context.Configuration, connectionString))
                .Configure(app => app.UseSurvey()));
}
