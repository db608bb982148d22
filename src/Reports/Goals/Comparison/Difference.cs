using MathNet.Numerics.Distributions;

namespace Survey.Reports.Goals.Comparison;

/// <summary>
/// 95 % intervals from a wave's counts: of the difference between two waves' outcomes (this wave minus the earlier
/// one), significant when it excludes 0, and of one mean.
/// </summary>
internal static class Difference
{
    public readonly record struct Interval(double Value, double Low, double High)
    {
        public bool Significant => Low > 0 || High < 0;
    }

    /// <summary>
    /// Newcombe's hybrid score interval for p1 − p2 of two independent proportions (method 10 of Newcombe 1998),
    /// built from each proportion's Wilson interval: well-behaved for small n and at 0 % and 100 %.
    /// </summary>
    public static Interval Shares(double x1, long n1, double x2, long n2)
    {
        var (p1, p2) = (x1 / n1, x2 / n2);
        var (l1, u1) = Wilson.Interval(x1, n1);
        var (l2, u2) = Wilson.Interval(x2, n2);
        var d = p1 - p2;
        return new Interval(d,
            d - Math.Sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)),
            d + Math.Sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)));
    }

    /// <summary>
    /// Welch's t interval for the difference of two means with unequal variances (sample variances, Welch–
    /// Satterthwaite degrees of freedom). Null when a group has fewer than 2 answers (no variance to estimate).
    /// Two groups without any spread differ exactly by their difference.
    /// </summary>
    public static Interval? Means(Moments first, Moments second)
    {
        if (first.N < 2 || second.N < 2)
            return null;
        var d = first.Mean - second.Mean;
        var (a, b) = (first.Variance / first.N, second.Variance / second.N);
        if (a + b <= 0)
            return new Interval(d, d, d);
        var df = (a + b) * (a + b) / (a * a / (first.N - 1) + b * b / (second.N - 1));
        var half = StudentT.InvCDF(0, 1, df, 0.975) * Math.Sqrt(a + b);
        return new Interval(d, d - half, d + half);
    }

    /// <summary>The t interval of one mean (n − 1 degrees of freedom); null below 2 answers.</summary>
    public static Interval? Mean(Moments sample)
    {
        if (sample.N < 2)
            return null;
        var half = StudentT.InvCDF(0, 1, sample.N - 1, 0.975) * Math.Sqrt(sample.Variance / sample.N);
        return new Interval(sample.Mean, sample.Mean - half, sample.Mean + half);
    }
}

/// <summary>A group's count, sum and sum of squares of its values (1/0 for a share), as the goal tally keeps them.</summary>
internal readonly record struct Moments(long N, double Sum, double Squares)
{
    public double Mean => Sum / N;

    /// <summary>The sample variance (n − 1), never below 0 from rounding.</summary>
    public double Variance => N < 2 ? 0 : Math.Max(0, (Squares - Sum * Sum / N) / (N - 1));
}
