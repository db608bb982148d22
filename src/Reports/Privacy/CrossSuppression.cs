namespace Survey.Reports.Privacy;

/// <summary>
/// Suppression for a two-way table whose row and column totals are published elsewhere: filtered workbooks, one
/// per administration, each show a row of administration × group, and the region shows the groups' totals. The one
/// rule of <see cref="Suppression"/> is applied to every row and every column in turn until nothing changes, so no
/// row or column has exactly one hidden cell or hidden cells that hold fewer than the minimum together. A row or
/// column whose total is itself hidden keeps at least one hidden cell, or its cells would add up to that total.
/// </summary>
public static class CrossSuppression
{
    /// <param name="cells">Rows of cells; 0 is an empty cell (no group to show, nothing to hide).</param>
    public static bool[][] Suppressed(IReadOnlyList<IReadOnlyList<long>> cells, IReadOnlyList<bool> rowTotalHidden,
        IReadOnlyList<bool> columnTotalHidden)
    {
        var columns = cells.Count == 0 ? 0 : cells[0].Count;
        var hidden = cells.Select(row => row.Select(n => n > 0 && Suppression.TooSmall(n)).ToArray()).ToArray();
        for (var changed = true; changed;)
        {
            changed = false;
            for (var r = 0; r < cells.Count; r++)
                changed |= Apply(Enumerable.Range(0, columns).Select(c => (r, c)).ToList(), cells, hidden, rowTotalHidden[r]);
            for (var c = 0; c < columns; c++)
                changed |= Apply(Enumerable.Range(0, cells.Count).Select(r => (r, c)).ToList(), cells, hidden, columnTotalHidden[c]);
        }
        return hidden;
    }

    /// <summary>Applies the one rule to a line of cells (a row or a column); returns whether it hid more.</summary>
    private static bool Apply(List<(int Row, int Column)> line, IReadOnlyList<IReadOnlyList<long>> cells, bool[][] hidden, bool totalHidden)
    {
        var present = line.Where(p => cells[p.Row][p.Column] > 0).ToList();
        if (present.Count == 0)
            return false;
        var also = present.Select(p => hidden[p.Row][p.Column]).ToList();
        if (totalHidden && !also.Contains(true))
            also[present.Select((p, i) => (cells[p.Row][p.Column], i)).Min().i] = true;
        var result = Suppression.Suppressed(present.Select(p => cells[p.Row][p.Column]).ToList(), also);
        var changed = false;
        for (var i = 0; i < present.Count; i++)
            if (result[i] && !hidden[present[i].Row][present[i].Column])
                (hidden[present[i].Row][present[i].Column], changed) = (true, true);
        return changed;
    }
}
