using ScottPlot;
using Survey.Reports.Goals;

namespace Survey.Reports.Charts;

/// <summary>
/// One goal's outcome over the waves (an indicator's over the months): a line through the points, each wave's 95 %
/// interval as a vertical bar, the target as a dashed line; a wave that did not measure the goal keeps its label,
/// marked "ej mätt", and a hidden outcome "–", without a point.
/// </summary>
public static class TrendChart
{
    public static byte[] Png(GoalOutcome goal, IReadOnlyList<GoalTrend.Point> points)
    {
        var share = goal.Info.Measure == "share";
        var scale = share ? 100.0 : 1.0;
        var plot = ChartFont.NewPlot($"{goal.Title}: utfall per mätning");
        var shown = points.Select((p, i) => (p, i)).Where(x => x.p.Outcome is not null).ToList();
        if (shown.Count > 0)
        {
            var xs = shown.Select(x => (double)x.i).ToArray();
            var ys = shown.Select(x => x.p.Outcome!.Value * scale).ToArray();
            var line = plot.Add.Scatter(xs, ys, Colors.SteelBlue);
            line.LineWidth = 2;
            line.MarkerSize = 9;
            var withInterval = shown.Where(x => x.p.Low is not null).ToList();
            if (withInterval.Count > 0)
            {
                var bars = plot.Add.ErrorBar(withInterval.Select(x => (double)x.i).ToArray(),
                    withInterval.Select(x => x.p.Outcome!.Value * scale).ToArray(), new double[withInterval.Count]);
                bars.YErrorNegative = withInterval.Select(x => (x.p.Outcome!.Value - x.p.Low!.Value) * scale).ToArray();
                bars.YErrorPositive = withInterval.Select(x => (x.p.High!.Value - x.p.Outcome!.Value) * scale).ToArray();
                bars.Color = Colors.SteelBlue;
                bars.LineWidth = 2;
            }
        }
        plot.Axes.Bottom.SetTicks(points.Select((_, i) => (double)i).ToArray(), points.Select(Label).ToArray());
        plot.Axes.SetLimitsX(-0.5, Math.Max(points.Count - 0.5, 0.5));
        var target = Charts.TargetLine(plot, goal, scale);
        var top = Math.Max(target, points.Select(p => (p.High ?? p.Outcome ?? 0) * scale).DefaultIfEmpty(0).Max()) * 1.15;
        plot.Axes.SetLimitsY(0, share ? Math.Min(Math.Max(top, 10), 105) : Math.Max(top, 1));
        plot.YLabel(share ? "Andel (%)" : "Utfall");
        plot.XLabel(points.Any(p => p.Low is not null) ? "Lodräta streck: 95 % konfidensintervall" : "");
        return ChartFont.Png(plot);
    }

    private static string Label(GoalTrend.Point point) =>
        !point.Measured ? $"{point.When}\n{GoalCoverage.NotMeasured}" : point.Outcome is null ? $"{point.When}\n{Privacy.Suppression.Marker}" : point.When;
}
