using System.Text;
using CsvHelper;

namespace Survey.Ingest.Reading;

/// <summary>CSV through CsvHelper: quoted fields with separators, quotes and line breaks, CRLF or LF.</summary>
internal sealed class CsvTableReader(Stream content, Encoding encoding, char separator) : ITableReader
{
    private readonly CsvReader _reader = CsvReader.Create(content, CsvReaderOptions.Default with
    {
        Separator = separator,
        HasHeader = false,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        // CsvHelper reads UTF-8 natively and transcodes anything else.
        Encoding = encoding is UTF8Encoding ? null : encoding,
        PoolStrings = true,
    }, leaveOpen: true);

    public bool Read() => _reader.Read();

    public int FieldCount => _reader.FieldCount;

    public string this[int index] => index < _reader.FieldCount ? _reader.GetString(index) ?? "" : "";

    public long Line => _reader.LineNumber;

    public void Dispose() => _reader.Dispose();
}
