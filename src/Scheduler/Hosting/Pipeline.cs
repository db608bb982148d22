using Hangfire;
using Survey.Scheduler.Web;

namespace Survey.Scheduler.Hosting;

internal static class Pipeline
{
    public static void UseSurvey(this IApplicationBuilder app)
    {
        // FailedRequests logs each failure once (the middleware's own log would repeat the stack trace per request).
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", SuppressDiagnosticsCallback = _ => true });
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseSecurityHeaders();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapRazorPages();
            endpoints.MapSurveyEndpoints();
            endpoints.MapSso();
            endpoints.MapHealth();
            endpoints.MapOpenApi().RequireAuthorization(WebAuth.BoardPolicy);
            // Authorization = [] drops Hangfire's local-requests-only filter; the admin policy protects it instead.
            endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], AppPath = "/", DashboardTitle = "V16 jobb" })
                .RequireAuthorization(WebAuth.AdminPolicy);
        });
    }
}
