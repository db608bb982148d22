using Survey.Reports.Privacy;

namespace Survey.Tests.Reports.Privacy;

/// <summary>Rows are administrations, columns groups; every row and column ends with 0 or at least 2 hidden cells holding 5 or more.</summary>
public sealed class CrossSuppressionTests
{
    private static string Picture(bool[][] hidden) => string.Join("/", hidden.Select(r => string.Concat(r.Select(h => h ? 'x' : '.'))));

    [Fact]
    public void A_small_cell_takes_a_neighbour_in_its_row_and_in_its_column()
    {
        long[][] cells = [[3, 20, 20], [20, 20, 20], [20, 20, 20]];
        var hidden = CrossSuppression.Suppressed(cells, [false, false, false], [false, false, false]);
        Assert.Equal("xx./xx./...", Picture(hidden));
    }

    [Fact]
    public void Empty_cells_are_neither_shown_nor_hidden()
    {
        long[][] cells = [[3, 0, 20], [0, 20, 20], [9, 20, 20]];
        // Column 0 holds 3 and 9 only, so both go; row 0's 20 goes with its 3, then column 2 takes row 1's 20,
        // row 1 its other 20, row 2 a 20 beside its 9.
        var hidden = CrossSuppression.Suppressed(cells, [false, false, false], [false, false, false]);
        Assert.Equal("x.x/.xx/xx.", Picture(hidden));
        Assert.All(hidden.SelectMany((r, i) => r.Select((h, j) => (h, cells[i][j]))).Where(c => c.Item2 == 0), c => Assert.False(c.h));
    }

    [Fact]
    public void A_hidden_total_keeps_a_hidden_cell_in_its_line()
    {
        long[][] cells = [[10, 30, 30], [30, 30, 30]];
        var hidden = CrossSuppression.Suppressed(cells, [true, false], [false, false, false]);
        Assert.Equal("xx./xx.", Picture(hidden));
        Assert.Equal("...", Picture(CrossSuppression.Suppressed([[10, 30, 30]], [false], [false, false, false])));
    }

    [Fact]
    public void Every_line_has_none_or_at_least_two_hidden_cells_holding_five()
    {
        var random = new Random(16);
        for (var run = 0; run < 200; run++)
        {
            var cells = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Enumerable.Range(0, 4).Select(_ => (long)random.Next(0, 12)).ToArray()).ToArray();
            var hidden = CrossSuppression.Suppressed(cells, cells.Select(_ => random.Next(4) == 0).ToList(), [false, random.Next(4) == 0, false, false]);
            var lines = cells.Select((r, i) => r.Select((n, j) => (n, hidden[i][j])).ToList())
                .Concat(Enumerable.Range(0, 4).Select(j => cells.Select((r, i) => (r[j], hidden[i][j])).ToList()));
            foreach (var line in lines)
            {
                var shut = line.Where(c => c.Item2).ToList();
                Assert.True(shut.Count == 0 || (shut.Count >= 2 && shut.Sum(c => c.Item1) >= 5) || line.Count(c => c.Item1 > 0) == shut.Count);
                Assert.DoesNotContain(line, c => c.Item1 is > 0 and < 5 && !c.Item2);
            }
        }
    }
}
