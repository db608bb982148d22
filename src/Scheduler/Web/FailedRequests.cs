using System.Collections.Concurrent;
using Microsoft.AspNetCore.Diagnostics;

namespace Survey.Scheduler.Web;

/// <summary>
/// Every request that fails with an exception: logged as one line with its correlation id (the stack trace only the
/// first time a fault is seen in a minute, so an outage does not fill the disk), and answered under /api with RFC
/// 9457 problem details (503 for a database outage, 500 otherwise); pages get the error page.
/// </summary>
internal sealed class FailedRequests(ILogger<FailedRequests> log, TimeProvider time, IProblemDetailsService problems) : IExceptionHandler
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _traced = new();

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var outage = DatabaseFault.Describe(exception);
        var status = outage is null ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable;
        var correlation = http.TraceIdentifier;
        // The middleware has already pointed the request at the error page; the feature keeps where it failed.
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value ?? "";
        var fault = $"{exception.GetType().FullName} at {exception.TargetSite?.DeclaringType?.FullName}.{exception.TargetSite?.Name}";
        var what = outage ?? $"{exception.GetType().Name}: {exception.Message}";
        var now = time.GetUtcNow();
        var first = _traced.AddOrUpdate(fault, now, (_, seen) => now - seen >= Window ? now : seen) == now;
        if (first)
            log.LogError(exception, "{Method} {Path} failed ({Status}), correlation {Correlation}: {Fault}",
                http.Request.Method, path, status, correlation, what);
        else
            log.LogError("{Method} {Path} failed ({Status}), correlation {Correlation}: {Fault} (stack trace logged within the last minute)",
                http.Request.Method, path, status, correlation, what);

        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
            return false;
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = outage is null ? "Ett internt fel inträffade." : "Databasen går inte att nå just nu.",
                Detail = outage ?? $"Felet är loggat med korrelations-id {correlation}.",
                Extensions = { ["correlationId"] = correlation },
            },
        });
    }
}
