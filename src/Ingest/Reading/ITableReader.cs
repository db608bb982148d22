namespace Survey.Ingest.Reading;

/// <summary>One record at a time from a CSV or a worksheet, with the physical line it starts on.</summary>
internal interface ITableReader : IDisposable
{
    bool Read();

    int FieldCount { get; }

    /// <summary>The field as text ("" when the record is shorter).</summary>
    string this[int index] { get; }

    /// <summary>Whether every field of the current record is empty or white space.</summary>
    bool IsBlank();

    /// <summary>A fast path for the common case: the field is a plain whole number of up to five digits. False
    /// means "use the text" (it may still be a valid value, e.g. a label), never that the value is invalid.</summary>
    bool TryGetSmallInt(int index, out int value);

    /// <summary>The physical line (CSV) or row (worksheet) where the current record starts, 1-based.</summary>
    long Line { get; }

    /// <summary>Whether the file ends inside a quoted field of this record: it was cut off.</summary>
    bool IsCutOff { get; }

    /// <summary>The first field that holds a NUL character (no text does; the file is damaged), or -1.</summary>
    int FieldWithNul();
}

internal static class TableReaderExtensions
{
    public static string[] Fields(this ITableReader reader)
    {
        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++)
            fields[i] = reader[i];
        return fields;
    }
}
