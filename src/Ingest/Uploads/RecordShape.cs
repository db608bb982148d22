using Survey.Ingest.Reading;

namespace Survey.Ingest.Uploads;

/// <summary>
/// Damage a record can have whatever kind of upload it is, checked before its values are read: fewer fields than
/// the header has columns (a row cut short, or a line break outside quotes), values beyond the header's last
/// column, a quoted field the file ends in (a file cut off in its last row), a NUL character (no text holds one).
/// A damaged record is a row problem like a wrong value; it is never stored.
/// </summary>
internal sealed class RecordShape(IReadOnlyList<string[]> headerRows)
{
    private readonly string[] _header = Names(headerRows);
    private readonly int _width = headerRows.Max(LastNamed) + 1;

    public bool IsIntact(ITableReader record, ProblemList problems)
    {
        var before = problems.Total;
        var fields = record.FieldCount;
        if (record.IsCutOff)
            problems.Add(record.Line, Column(fields - 1), record[fields - 1],
                "Filen slutar inne i ett fält inom citattecken: raden är avkapad. Ladda upp hela filen.");
        else if (fields < _width)
            problems.Add(record.Line, Column(fields), "",
                $"Raden har {fields} fält men rubrikraden har {_width}: raden är avkapad eller saknar fält.");
        for (var i = _header.Length; i < fields; i++)
            if (record[i].Trim().Length > 0)
            {
                problems.Add(record.Line, $"fält {i + 1}", record[i],
                    $"Raden har fler fält än rubrikraden ({_header.Length}): värdet står under ingen rubrik.");
                break;
            }
        if (record.FieldWithNul() is var nul and >= 0)
            problems.Add(record.Line, Column(nul), record[nul],
                "Fältet innehåller ett NUL-tecken (byte 0), som ingen text har: filen är skadad. Spara den på nytt och ladda upp den igen.");
        return problems.Total == before;
    }

    private string Column(int index) => index >= 0 && index < _header.Length && _header[index].Length > 0
        ? _header[index]
        : $"fält {index + 1}";

    /// <summary>Each column's name: the first header row that names it (a tool's later rows name parts of a question).</summary>
    private static string[] Names(IReadOnlyList<string[]> rows) =>
        [.. Enumerable.Range(0, rows.Max(r => r.Length)).Select(i =>
            rows.Select(r => i < r.Length ? r[i] : "").FirstOrDefault(n => n.Trim().Length > 0) ?? "")];

    private static int LastNamed(string[] header)
    {
        for (var i = header.Length - 1; i >= 0; i--)
            if (header[i].Trim().Length > 0)
                return i;
        return -1;
    }
}
