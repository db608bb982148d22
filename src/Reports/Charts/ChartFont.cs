using System.Globalization;
using ScottPlot;

namespace Survey.Reports.Charts;

/// <summary>
/// ScottPlot's Skia build does not ask fontconfig: without a font file loaded by hand it silently draws no text.
/// DejaVu Sans is loaded once from the system fonts (Debian: fonts-dejavu-core) and set on every plot.
/// </summary>
internal static class ChartFont
{
    public const string Name = "DejaVu Sans";
    public static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/local/share/fonts/DejaVuSans.ttf",
    ];

    private static readonly Lazy<bool> Loaded = new(() =>
    {
        var path = Candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "Charts need the DejaVu Sans font (apt-get install fonts-dejavu-core): without it they would have no text.");
        Fonts.AddFontFile(Name, path);
        return true;
    });

    public static Plot NewPlot(string title)
    {
        _ = Loaded.Value;
        var plot = new Plot();
        plot.Font.Set(Name);
        plot.Title(title);
        plot.Axes.Title.Label.FontName = Name;
        plot.Axes.Title.Label.FontSize = 18;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        return plot;
    }

    public static byte[] Png(Plot plot, int width = Charts.Width) => plot.GetImageBytes(width, Charts.Height, ImageFormat.Png);
}
