namespace Survey.Reports.Goals;

/// <summary>The 95 % Wilson score interval of a share: well-behaved for small n and for shares near 0 or 1.</summary>
internal static class Wilson
{
    private const double Z = 1.959963984540054;

    public static (double Low, double High) Interval(double successes, long n)
    {
        var p = successes / n;
        var z2 = Z * Z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = Z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
