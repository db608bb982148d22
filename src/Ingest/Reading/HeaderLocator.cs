namespace Survey.Ingest.Reading;

/// <summary>Finds the header row below any title or blank rows that a workbook or export puts above it.</summary>
internal static class HeaderLocator
{
    private const int SearchedRows = 30;

    public static string[] Find(ITableReader reader, Func<IReadOnlyList<string>, int> recognise, int minimum)
    {
        for (var i = 0; i < SearchedRows && reader.Read(); i++)
        {
            if (reader.IsBlank())
                continue;
            var cells = reader.Fields();
            if (recognise(cells) >= minimum)
                return cells;
        }
        throw new FileRejected(
            "Ingen rubrikrad hittades bland filens första 30 rader. Rubrikerna ska vara frågornas koder eller texter (t.ex. B_FORV eller Förvaltning).");
    }
}
