using Survey.Ingest.Uploads;

namespace Survey.Ingest.Reading;

/// <summary>
/// The header block of a file: its rows (one, or a tool's several), how many title rows were above it, and whether
/// the reader already stands on the first data row (read to see that the block had ended).
/// </summary>
internal sealed record HeaderBlock(IReadOnlyList<string[]> Rows, int RowsAbove, bool DataRowPending)
{
    /// <summary>Rows before the data: titles and the header rows.</summary>
    public int HeaderRows => RowsAbove + Rows.Count;
}

/// <summary>Finds the header block below any title or blank rows that a workbook or export puts above it.</summary>
internal static class HeaderLocator
{
    public const int SearchedRows = 30;
    private const int MaxHeaderRows = 4;

    public const string NoHeader =
        "Ingen rubrikrad hittades bland filens första 30 rader. Rubrikerna ska vara frågornas koder eller texter (t.ex. B_FORV eller Förvaltning).";

    /// <param name="firstRowWithCells">Take instead the first row with at least this many cells with text (above it,
    /// say, a title), as the mapping preview reads a file whose headings nothing matches (see <see cref="NoHeaderFound"/>).</param>
    public static HeaderBlock Find(ITableReader reader, IUploadTarget target, int? firstRowWithCells = null)
    {
        var above = new List<string[]>();
        for (var i = 0; i < SearchedRows && reader.Read(); i++)
        {
            if (reader.IsBlank())
                continue;
            var cells = reader.Fields();
            if (firstRowWithCells is { } wide ? cells.Count(c => c.Trim().Length > 0) < wide : target.Recognise(cells) < target.MinimumRecognised)
            {
                above.Add(cells);
                continue;
            }
            var rows = new List<string[]> { cells };
            while (rows.Count < MaxHeaderRows && reader.Read())
            {
                if (reader.IsBlank())
                    continue;
                var next = reader.Fields();
                if (!target.ContinuesHeader(next))
                    return new HeaderBlock(rows, above.Count, DataRowPending: true);
                rows.Add(next);
            }
            return new HeaderBlock(rows, above.Count, DataRowPending: false);
        }
        throw new NoHeaderFound(target.NoHeaderMessage(above), above.Count == 0 ? 0 : above.Max(r => r.Count(c => c.Trim().Length > 0)));
    }
}
