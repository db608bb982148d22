namespace Survey.Ingest.Reading;

/// <summary>A structural problem that rejects the whole file (the message is Swedish: the uploader reads it).</summary>
internal class FileRejected(string message) : Exception(message);

/// <summary>No row among the searched ones was recognised as the header; <see cref="WidestRow"/> is the most cells
/// with text any of them had (the mapping preview then takes the first row that wide as the headings).</summary>
internal sealed class NoHeaderFound(string message, int widestRow) : FileRejected(message)
{
    public int WidestRow { get; } = widestRow;
}
