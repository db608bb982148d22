using ScottPlot;
using Survey.Reports.Goals;

namespace Survey.Reports.Charts;

/// <summary>
/// The board's charts as PNG bytes, drawn from outcomes that are already computed and suppressed (never from the
/// database), so the workbook and the web start page show the same pictures. A suppressed group keeps its label,
/// marked "–", and gets no bar.
/// </summary>
public static class Charts
{
    public const int Width = 800;
    public const int Height = 450;

    /// <summary>Outcome per administration as bars, with the target as a line.</summary>
    public static byte[] OutcomeByAdministration(GoalOutcome goal) =>
        OutcomeByGroup(goal, goal.Breakdowns.Administration, $"{goal.Title}: utfall per förvaltning");

    /// <summary>Outcome per home municipality as bars, with the target as a line.</summary>
    public static byte[] OutcomeByMunicipality(GoalOutcome goal) =>
        OutcomeByGroup(goal, goal.Breakdowns.Municipality, $"{goal.Title}: utfall per hemkommun");

    public static byte[] OutcomeByGroup(GoalOutcome goal, IReadOnlyList<BreakdownGroup> groups, string title)
    {
        var share = goal.Info.Measure == "share";
        var plot = ChartFont.NewPlot(title);
        var scale = share ? 100.0 : 1.0;
        var labels = BarLabels(goal, groups);
        var bars = groups.Select((g, i) => new Bar
        {
            Position = i,
            Value = g.Suppressed || g.Outcome is null ? 0 : g.Outcome.Value * scale,
            FillColor = Colors.SteelBlue,
            Label = labels[i],
        }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontName = ChartFont.Name;
        barPlot.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(groups.Select((_, i) => (double)i).ToArray(), groups.Select(g => Wrap(g.Group)).ToArray());
        var target = TargetLine(plot, goal, scale);
        var top = Math.Max(target, bars.Count == 0 ? 0 : bars.Max(b => b.Value)) * 1.15;
        plot.Axes.SetLimitsY(0, share ? Math.Min(Math.Max(top, 10), 115) : Math.Max(top, 1));
        plot.YLabel(share ? "Andel (%)" : "Utfall");
        if (groups.Any(g => g.Suppressed))
            plot.XLabel($"– = {Privacy.Suppression.Note}");
        return ChartFont.Png(plot);
    }

    /// <summary>The share of respondents per answer of one question (of those who answered it), with the answers
    /// (a number or an option's label) under the bars.</summary>
    public static byte[] Distribution(string title, string axis, IReadOnlyList<(string Answer, double Share)> distribution)
    {
        var plot = ChartFont.NewPlot(title);
        var bars = plot.Add.Bars(distribution.Select((d, i) => new Bar
        {
            Position = i,
            Value = d.Share * 100,
            FillColor = Colors.SeaGreen,
            Label = GoalFormat.Value("share", d.Share),
        }).ToList());
        bars.ValueLabelStyle.FontName = ChartFont.Name;
        bars.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.SetTicks(distribution.Select((_, i) => (double)i).ToArray(),
            distribution.Select(d => Wrap(d.Answer)).ToArray());
        plot.Axes.SetLimitsY(0, Math.Max(10, distribution.Count == 0 ? 0 : distribution.Max(d => d.Share) * 115));
        plot.XLabel(axis);
        plot.YLabel("Andel (%)");
        return ChartFont.Png(plot);
    }

    /// <summary>The goal's target as a dashed line labelled on the right; returns its height on the chart's scale.</summary>
    internal static double TargetLine(Plot plot, GoalOutcome goal, double scale)
    {
        var target = (double)goal.Target * scale;
        var line = plot.Add.HorizontalLine(target, 2, Colors.DarkRed, LinePattern.Dashed);
        line.LabelText = $"Målvärde {GoalFormat.Value(goal, goal.Target)}";
        line.LabelFontName = ChartFont.Name;
        line.LabelFontSize = 13;
        line.LabelOppositeAxis = true;
        return target;
    }

    /// <summary>The figure written above each bar: a suppressed group gets the marker, never a number.</summary>
    internal static string[] BarLabels(GoalOutcome goal, IReadOnlyList<BreakdownGroup> groups) =>
        groups.Select(g => g.Suppressed ? Privacy.Suppression.Marker : GoalFormat.Value(goal, g.Outcome)).ToArray();

    private static string Wrap(string label) =>
        label.Length <= 18 ? label : string.Join('\n', label.Split(' ').Aggregate(new List<string> { "" }, (lines, word) =>
        {
            if (lines[^1].Length + word.Length > 18 && lines[^1].Length > 0)
                lines.Add(word);
            else
                lines[^1] = (lines[^1] + " " + word).Trim();
            return lines;
        }));
}
