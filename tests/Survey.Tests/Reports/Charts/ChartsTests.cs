using SkiaSharp;
using Survey.Reports.Goals;

namespace Survey.Tests.Reports.Charts;

public sealed class ChartsTests
{
    internal static GoalOutcome Goal(string measure = "share", params BreakdownGroup[] administrations) =>
        new("G_DISTANS", "Fler medarbetare arbetar på distans", 0.4m, null, "higher", 0.5, 100, "green", null, null,
            Breakdowns.None with { Administration = administrations })
        {
            Info = new GoalInfo("Verksamhet", "", measure, "survey", null, null),
        };

    internal static readonly BreakdownGroup[] Administrations =
    [
        new("Regionstab", null, null, true), new("Hälso- och sjukvårdsförvaltningen", 40, 0.45, false),
        new("Regional utveckling", 12, 0.25, false), new("Folktandvården", null, null, true),
    ];

    /// <summary>Dark pixels in a horizontal band of a PNG: text is the only dark thing in the title band.</summary>
    internal static int DarkPixels(byte[] png, int top, int bottom)
    {
        using var bitmap = SKBitmap.Decode(png);
        var dark = 0;
        for (var y = top; y < Math.Min(bottom, bitmap.Height); y++)
            for (var x = 0; x < bitmap.Width; x++)
                if (bitmap.GetPixel(x, y) is { Red: < 100, Green: < 100, Blue: < 100 })
                    dark++;
        return dark;
    }

    [Fact]
    public void Outcome_by_administration_is_a_png_with_a_visible_title_and_labels()
    {
        var png = Survey.Reports.Charts.Charts.OutcomeByAdministration(Goal(administrations: Administrations));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((Survey.Reports.Charts.Charts.Width, Survey.Reports.Charts.Charts.Height), (bitmap.Width, bitmap.Height));
        Assert.True(DarkPixels(png, 0, 40) > 300, "the title has no text");
        Assert.True(DarkPixels(png, Survey.Reports.Charts.Charts.Height - 80, Survey.Reports.Charts.Charts.Height) > 300, "the group labels have no text");
    }

    [Fact]
    public void Every_chart_has_text()
    {
        var goal = Goal(administrations: Administrations);
        foreach (var png in new[]
                 {
                     Survey.Reports.Charts.Charts.OutcomeByMunicipality(goal with { Breakdowns = Breakdowns.None with { Municipality = Administrations } }),
                     Survey.Reports.Charts.TrendChart.Png(goal, [new("V16-2021", 0.3, 20, 0.15, 0.5, true),
                         new("PULS-2021-10", null, null, null, null, false), new("V16-2022", 0.455, 22, 0.27, 0.65, true)]),
                     Survey.Reports.Charts.Charts.Distribution("Distansdagar per vecka", "Dagar per vecka", [("0", 0.5), ("0,5", 0.1), ("1", 0.2), ("5", 0.2)]),
                 })
            Assert.True(DarkPixels(png, 0, 40) > 300);
    }

    [Fact]
    public void A_suppressed_group_has_the_marker_and_no_figure_over_its_bar()
    {
        Assert.Equal(["–", "45,0 %", "25,0 %", "–"], Survey.Reports.Charts.Charts.BarLabels(Goal(), Administrations));
        Assert.Equal(["–", "0,45"], Survey.Reports.Charts.Charts.BarLabels(Goal("index"), Administrations[..2]));
    }
}
