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
        try
        {
            if (!_reader.Read())
                return false;
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw new FileRejected($"Arbetsboken är skadad efter rad {Line}: {Damaged}");
        }
        Line++;
        return true;
    }

    public const string Damaged = "den går inte att läsa som en Excel-arbetsbok (XLSX). Spara den på nytt som XLSX eller CSV.";

    /// <summary>What ExcelDataReader throws on a damaged workbook (bad XML, a broken zip, a broken record).</summary>
    public static bool IsDamage(Exception e) =>
        e is System.Xml.XmlException or InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException
            or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or EndOfStreamException;

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

    public bool IsCutOff => false;

    public int FieldWithNul()
    {
        for (var i = 0; i < _reader.FieldCount; i++)
            if (_reader.GetValue(i) is string text && text.Contains('\0'))
                return i;
        return -1;
    }

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
