using System.Text;
using CsvHelper;

namespace Survey.Ingest.Reading;

/// <summary>CSV through CsvHelper: quoted fields with separators, quotes and line breaks, CRLF or LF.</summary>
internal sealed class CsvTableReader : ITableReader
{
    private readonly CsvReader _reader;
    private readonly NulWatch _bytes;
    private long _unterminatedLine = -1;

    public CsvTableReader(Stream content, Encoding encoding, char separator) => _reader = CsvReader.Create(
        _bytes = new NulWatch(encoding.CodePage == 1252 ? new Windows1252Stream(content) : content),
        CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            // CsvHelper reads UTF-8 natively and transcodes anything else (UTF-16 by its byte order mark).
            Encoding = encoding is UTF8Encoding || encoding.CodePage == 1252 ? null : encoding,
            PoolStrings = true,
            // An unclosed quote would otherwise make the rest of the file one record, held in memory.
            MaxRecordSize = MaxRecordBytes,
            // Only a quote that never closes is damage (the file was cut off inside the field); a stray quote in
            // text ("5" skärm") is read as written.
            OnMalformedRecord = record =>
            {
                if (record.Reason == CsvMalformedReason.UnterminatedQuote)
                    _unterminatedLine = record.LineNumber;
            },
        }, leaveOpen: true);

    private const int MaxRecordBytes = 1 << 20;

    public bool Read() => _reader.Read();

    public int FieldCount => _reader.FieldCount;

    public string this[int index] => index < _reader.FieldCount ? _reader.GetString(index) ?? "" : "";

    public long Line => _reader.LineNumber;

    public bool IsCutOff => _unterminatedLine == _reader.LineNumber;

    public int FieldWithNul()
    {
        if (!_bytes.Seen)
            return -1;
        for (var i = 0; i < _reader.FieldCount; i++)
            if (_reader.GetSpan(i).Contains((byte)0))
                return i;
        return -1;
    }

    public bool IsBlank()
    {
        for (var i = 0; i < _reader.FieldCount; i++)
            if (_reader.GetSpan(i).IndexOfAnyExcept(" \t\r\n"u8) >= 0)
                return false;
        return true;
    }

    public bool TryGetSmallInt(int index, out int value)
    {
        value = 0;
        if (index >= _reader.FieldCount)
            return false;
        var span = _reader.GetSpan(index);
        if (span.Length is 0 or > 5)
            return false;
        foreach (var b in span)
        {
            if (b is < (byte)'0' or > (byte)'9')
                return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }

    public void Dispose() => _reader.Dispose();
}
