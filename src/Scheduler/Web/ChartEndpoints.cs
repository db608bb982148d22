using Npgsql;
using Survey.Reports.Goals;
using ReportCharts = Survey.Reports.Charts.Charts;

namespace Survey.Scheduler.Web;

/// <summary>
/// The start page's charts as PNG, drawn by the same ScottPlot code as the board report from already suppressed
/// outcomes: /charts/G_DISTANS.png?period=2021-04. Which goals get one, and by which groups, is data (goal_chart,
/// place 'start').
/// </summary>
internal static class ChartEndpoints
{
    private static IEnumerable<(GoalOutcome Goal, GoalChart Chart)> StartPage(GoalReport report) =>
        report.Goals.SelectMany(g => g.Info.Charts.Where(c => c.Place == GoalChart.Start).Select(c => (g, c)))
            .OrderBy(x => x.c.Sort);

    public static IReadOnlyList<Pages.IndexModel.ChartLink> For(GoalReport report, string period) =>
        StartPage(report).Where(x => x.Goal.Outcome is not null).Select(x => Link(x.Goal, x.Chart, period)).ToList();

    private static Pages.IndexModel.ChartLink Link(GoalOutcome goal, GoalChart chart, string period)
    {
        // Exactly the figures the chart draws (its bar labels), nothing more: the text must publish no other number.
        var bars = chart.Groups(goal).Select(g => new Pages.IndexModel.ChartBar(g.Group,
            g.Suppressed ? Survey.Reports.Privacy.Suppression.Marker : GoalFormat.Value(goal, g.Outcome))).ToList();
        return new($"/charts/{goal.Code}.png?period={Uri.EscapeDataString(period)}", chart.TitleOf(goal), chart.GroupHeading,
            GoalFormat.Value(goal, goal.Target), bars);
    }

    public static void MapCharts(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/charts/{goal}.png", async (string goal, string period, NpgsqlDataSource db, CancellationToken ct) =>
        {
            GoalReport report;
            try
            {
                report = await GoalOutcomes.ComputeAsync(db, GoalSelection.ForPeriod(period), ct);
            }
            catch (UserError)
            {
                return Results.NotFound();
            }
            if (StartPage(report).FirstOrDefault(x => x.Goal.Code == goal) is not ({ Outcome: not null } outcome, { } chart))
                return Results.NotFound();
            // The same groups as Link's table of figures.
            return Results.File(ReportCharts.OutcomeByGroup(outcome, chart.Groups(outcome),
                $"{outcome.Title}: utfall per {(chart.Breakdown == GoalChart.Municipality ? "hemkommun" : "förvaltning")}"), "image/png");
        }).RequireAuthorization(WebAuth.BoardPolicy);
}
