namespace Survey.Ingest.Reading;

/// <summary>One record at a time from a CSV or a worksheet, with the physical line it starts on.</summary>
internal interface ITableReader : IDisposable
{
    bool Read();

    int FieldCount { get; }

    /// <summary>The field as text ("" when the record is shorter).</summary>
    string this[int index] { get; }

    /// <summary>The physical line (CSV) or row (worksheet) where the current record starts, 1-based.</summary>
    long Line { get; }
}

internal static class TableReaderExtensions
{
    public static bool IsBlank(this ITableReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
            if (!string.IsNullOrWhiteSpace(reader[i]))
                return false;
        return true;
    }

    public static string[] Fields(this ITableReader reader)
    {
        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++)
            fields[i] = reader[i];
        return fields;
    }
}
