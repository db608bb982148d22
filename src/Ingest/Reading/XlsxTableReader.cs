using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace Survey.Ingest.Reading;

/// <summary>The first worksheet of an XLSX (or XLS) workbook, read row by row by ExcelDataReader (it streams).</summary>
internal sealed class XlsxTableReader : ITableReader
{
    static XlsxTableReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private readonly IExcelDataReader _reader;

    public XlsxTableReader(Stream seekableContent) => _reader = ExcelReaderFactory.CreateReader(seekableContent);

    public bool Read()
    {
        if (!_reader.Read())
            return false;
        Line++;
        return true;
    }

    public int FieldCount => _reader.FieldCount;

    public long Line { get; private set; }

    public string this[int index] => index >= _reader.FieldCount ? "" : _reader.GetValue(index) switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };

    public bool IsBlank()
    {
        for (var i = 0; i < _reader.FieldCount; i++)
            if (_reader.GetValue(i) is { } value && (value is not string text || !string.IsNullOrWhiteSpace(text)))
                return false;
        return true;
    }

    public bool TryGetSmallInt(int index, out int value)
    {
        value = 0;
        if (index >= _reader.FieldCount || _reader.GetValue(index) is not double d || d != Math.Floor(d) || d is < 0 or > 99999)
            return false;
        value = (int)d;
        return true;
    }

    public void Dispose() => _reader.Dispose();
}
