using Survey.Reports.Workbooks;

namespace Survey.Reports.Analyst;

/// <summary>
/// The units' rows of every question, in long format on a sheet of their own (Enheter: unit, administration,
/// question, answer, count, share, n, mean), so that the question sheets keep the region's administrations and
/// background groups and stay small however many units the organisation has, and an analyst filters one unit, one
/// administration or one question. Which units are hidden is the wave's protection decision
/// (<see cref="Privacy.WaveProtection.HidesUnit"/>), taken before they are added here; this table only writes them. The rows arrive
/// question by question while the question sheets are written, so they wait in a temporary file, and are written
/// when the question sheets are done; past <see cref="MaxRows"/> rows the table continues on "Enheter (2)" and so on,
/// well inside a spreadsheet's row limit.
/// </summary>
internal sealed class UnitTable(int rowsPerSheet = UnitTable.MaxRows) : IDisposable
{
    public const string SheetName = "Enheter";

    /// <summary>Rows per sheet at most (Excel and LibreOffice hold 1,048,576).</summary>
    public const int MaxRows = 500_000;

    public static readonly IReadOnlyList<(string, double)> Columns =
    [
        ("Enhet", 14), ("Förvaltning", 30), ("Fråga", 16), ("Svarsalternativ", 28), ("Antal", 9), ("Andel", 9), ("n", 8),
        ("Medel", 8), ("Anmärkning", 18),
    ];

    private readonly FileStream _spool = new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None,
        1 << 16, FileOptions.DeleteOnClose);
    private readonly List<QuestionLayout> _layouts = [];
    private BinaryWriter? _writer;
    private BinaryWriter Writer => _writer ??= new BinaryWriter(_spool, System.Text.Encoding.UTF8, leaveOpen: true);

    /// <summary>The table's sheets: Enheter, Enheter (2), …</summary>
    public static string SheetNameAt(int index) => index == 0 ? SheetName : $"{SheetName} ({index + 1})";

    /// <summary>A question's units, in the order their rows are to be listed, each with the decision already made.</summary>
    public void Add(QuestionLayout layout, IEnumerable<(string Unit, string Administration, IReadOnlyDictionary<short, long> Counts, bool Hidden)> units)
    {
        _layouts.Add(layout);
        foreach (var (unit, administration, counts, hidden) in units)
        {
            Writer.Write(_layouts.Count - 1);
            Writer.Write(unit);
            Writer.Write(administration);
            Writer.Write(hidden);
            Writer.Write(counts.Count);
            foreach (var (code, count) in counts)
            {
                Writer.Write(code);
                Writer.Write(count);
            }
        }
    }

    /// <summary>Writes the table on "Enheter" (registered with the workbook) and on further sheets after it as needed.</summary>
    public void WriteTo(StreamedWorkbook book)
    {
        Writer.Flush();
        _spool.Position = 0;
        using var reader = new BinaryReader(_spool, System.Text.Encoding.UTF8, leaveOpen: true);
        var counts = new Dictionary<short, long>();
        var rows = new List<StreamingSheet.Cell[]>();
        var more = _spool.Length > 0;
        // One unit's rows of one question, read ahead so that they are never split between two sheets.
        void Next()
        {
            rows.Clear();
            if (_spool.Position >= _spool.Length)
            {
                more = false;
                return;
            }
            var layout = _layouts[reader.ReadInt32()];
            var (unit, administration, hidden) = (reader.ReadString(), reader.ReadString(), reader.ReadBoolean());
            counts.Clear();
            for (var i = reader.ReadInt32(); i > 0; i--)
                counts[reader.ReadInt16()] = reader.ReadInt64();
            layout.LongRows(unit, administration, counts, hidden, rows.Add);
        }
        Next();
        for (var index = 0; index == 0 || more; index++)
        {
            if (index > 0)
                book.Add(SheetNameAt(index), SheetNameAt(index - 1));
            book.Write(SheetNameAt(index), Columns, sheet =>
            {
                while (more && sheet.RowCount - 1 + rows.Count <= rowsPerSheet)
                {
                    foreach (var row in rows)
                        sheet.Row(row);
                    Next();
                }
            });
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _spool.Dispose();
    }
}
