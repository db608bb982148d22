using Npgsql;
using Survey.Reports.Goals;
using ReportCharts = Survey.Reports.Charts.Charts;

namespace Survey.Scheduler.Web;

/// <summary>
/// The start page's charts as PNG, drawn by the same ScottPlot code as the board report from already suppressed
/// outcomes: /charts/G_DISTANS.png?period=2021-04.
/// </summary>
internal static class ChartEndpoints
{
    private static readonly (string Goal, string Title)[] StartPage =
    [
        ("G_DISTANS", "Andel som arbetar på distans per förvaltning"),
        ("G_DIGITAL_INDEX", "Digitalt arbetsmiljöindex per förvaltning"),
        ("G_HUBB_INTRESSE", "Intresse för arbetshubb per hemkommun"),
    ];

    public static IReadOnlyList<Pages.IndexModel.ChartLink> For(GoalReport report, string period) =>
        StartPage.Select(c => (c.Title, Goal: report.Goals.FirstOrDefault(g => g.Code == c.Goal && g.Outcome is not null)))
            .Where(c => c.Goal is not null)
            .Select(c => Link(c.Goal!, c.Title, period))
            .ToList();

    private static Pages.IndexModel.ChartLink Link(GoalOutcome goal, string title, string period)
    {
        var byMunicipality = goal.Code == "G_HUBB_INTRESSE";
        var groups = byMunicipality ? goal.Breakdowns.Municipality : goal.Breakdowns.Administration;
        // Exactly the figures the chart draws (its bar labels), nothing more: the text must publish no other number.
        var bars = groups.Select(g => new Pages.IndexModel.ChartBar(g.Group,
            g.Suppressed ? Survey.Reports.Privacy.Suppression.Marker : GoalFormat.Value(goal, g.Outcome))).ToList();
        return new($"/charts/{goal.Code}.png?period={Uri.EscapeDataString(period)}", title,
            byMunicipality ? "Hemkommun" : "Förvaltning", GoalFormat.Value(goal, goal.Target), bars);
    }

    public static void MapCharts(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/charts/{goal}.png", async (string goal, string period, NpgsqlDataSource db, CancellationToken ct) =>
        {
            if (StartPage.All(c => c.Goal != goal))
                return Results.NotFound();
            GoalReport report;
            try
            {
                report = await GoalOutcomes.ComputeAsync(db, GoalSelection.ForPeriod(period), ct);
            }
            catch (UserError)
            {
                return Results.NotFound();
            }
            var outcome = report.Goals.FirstOrDefault(g => g.Code == goal);
            if (outcome?.Outcome is null)
                return Results.NotFound();
            var png = goal == "G_HUBB_INTRESSE" // the same groups as Link's table of figures
                ? ReportCharts.HubInterestByMunicipality(outcome)
                : ReportCharts.OutcomeByAdministration(outcome);
            return Results.File(png, "image/png");
        }).RequireAuthorization(WebAuth.BoardPolicy);
}
