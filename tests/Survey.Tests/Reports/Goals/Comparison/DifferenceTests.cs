using Survey.Reports.Goals.Comparison;

namespace Survey.Tests.Reports.Goals.Comparison;

/// <summary>
/// The change intervals against worked values: Newcombe (1998), method 10, for shares; Welch's t interval for means,
/// worked by hand below (the t quantile checked against printed tables: t(0.975; 4) = 2.7764).
/// </summary>
public sealed class DifferenceTests
{
    [Theory]
    [InlineData(56, 70, 48, 80, 0.2000, 0.0524, 0.3339, true)]   // Newcombe's own example
    [InlineData(9, 10, 3, 10, 0.6000, 0.1705, 0.8090, true)]
    [InlineData(10, 10, 0, 20, 1.0000, 0.6791, 1.0000, true)]    // 100 % against 0 %
    [InlineData(0, 5, 0, 5, 0.0000, -0.4345, 0.4345, false)]     // 0 % twice, n = 5: the Wilson upper limit 0.4345
    [InlineData(5, 5, 0, 5, 1.0000, 0.3855, 1.0000, true)]       // 100 % against 0 %, n = 5
    [InlineData(5, 5, 5, 5, 0.0000, -0.4345, 0.4345, false)]     // 100 % twice
    [InlineData(15, 20, 8, 20, 0.3500, 0.0444, 0.5778, true)]
    [InlineData(6, 10, 5, 10, 0.1000, -0.2898, 0.4509, false)]
    public void Shares_use_newcombes_hybrid_score_interval(int x1, int n1, int x2, int n2, double value, double low, double high, bool significant)
    {
        var change = Difference.Shares(x1, n1, x2, n2);
        Assert.Equal(value, change.Value, 4);
        Assert.Equal(low, change.Low, 4);
        Assert.Equal(high, change.High, 4);
        Assert.Equal(significant, change.Significant);
    }

    [Fact]
    public void Means_use_welchs_t_interval()
    {
        // {4, 5, 6, 5, 5}: mean 5, variance 2/4 = 0.5; {3, 4, 5, 2, 6}: mean 4, variance 10/4 = 2.5.
        // se² = 0.5/5 + 2.5/5 = 0.6; df = 0.6² / (0.1²/4 + 0.5²/4) = 5.5385; t(0.975; 5.5385) = 2.4972;
        // 1 ± 2.4972 × √0.6 = -0.9343 to 2.9343.
        var change = Difference.Means(Of(4, 5, 6, 5, 5), Of(3, 4, 5, 2, 6))!.Value;
        Assert.Equal(1.0, change.Value, 10);
        Assert.Equal(-0.9343, change.Low, 4);
        Assert.Equal(2.9343, change.High, 4);
        Assert.False(change.Significant);
        // Equal variances 2.5 and n = 5 give df = 8 exactly: t(0.975; 8) = 2.3060 (tables); 2 ± 2.3060 × 1 = -0.306 to 4.306.
        var eight = Difference.Means(Of(5, 6, 7, 4, 8), Of(3, 4, 5, 2, 6))!.Value;
        Assert.Equal(-0.3060, eight.Low, 4);
        Assert.Equal(4.3060, eight.High, 4);
    }

    [Fact]
    public void Means_at_the_edges()
    {
        // n = 5 without spread: the difference is exact, and significant when it is not 0.
        var exact = Difference.Means(Of(6, 6, 6, 6, 6), Of(5, 5, 5, 5, 5))!.Value;
        Assert.Equal((1.0, 1.0, 1.0, true), (exact.Value, exact.Low, exact.High, exact.Significant));
        Assert.False(Difference.Means(Of(5, 5, 5, 5, 5), Of(5, 5, 5, 5, 5))!.Value.Significant);
        // One group without spread: its variance is 0 and the other's carries the interval (df = n − 1 = 4):
        // 4 − 5 ± 2.7764 × √(2.5/5) = -2.9632 to 0.9632.
        var one = Difference.Means(Of(5, 5, 5, 5, 5), Of(5, 6, 7, 4, 8))!.Value;
        Assert.Equal(-1.0, one.Value, 10);
        Assert.Equal(-2.9632, one.Low, 4);
        Assert.Equal(0.9632, one.High, 4);
        Assert.Null(Difference.Means(new Moments(1, 5, 25), Of(1, 2, 3, 4, 5)));
    }

    private static Moments Of(params double[] values) => new(values.Length, values.Sum(), values.Sum(v => v * v));
}
