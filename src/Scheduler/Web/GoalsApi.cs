using Npgsql;
using Survey.Reports.Goals;

namespace Survey.Scheduler.Web;

/// <summary>GET /api/goals?period=YYYY-MM (or ?wave=CODE): the same JSON as `survey goals --json`.</summary>
internal static class GoalsApi
{
    public static void MapGoalsApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/goals", GetAsync)
            .RequireAuthorization(WebAuth.BoardPolicy)
            .WithName("GetGoals")
            .WithSummary("Goal outcomes with traffic lights and privacy-safe breakdowns")
            .WithDescription("Give either period (YYYY-MM: the latest wave that ended by the month's end, that month's " +
                             "indicators) or wave (a wave code). Shares are fractions, the index is on its 1–6 scale; a group " +
                             "with fewer than 5 answers is suppressed (outcome and n null).")
            .Produces<GoalReport>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<IResult> GetAsync(string? period, string? wave, NpgsqlDataSource db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(period) == string.IsNullOrWhiteSpace(wave))
            return Results.Problem("Ange antingen period=ÅÅÅÅ-MM eller wave=KOD.", statusCode: StatusCodes.Status400BadRequest);
        try
        {
            var selection = wave is { Length: > 0 } ? GoalSelection.ForWave(wave) : GoalSelection.ForPeriod(period!);
            var report = await GoalOutcomes.ComputeAsync(db, selection, ct);
            return Results.Text(GoalJson.Serialize(report), "application/json; charset=utf-8");
        }
        catch (UserError e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
