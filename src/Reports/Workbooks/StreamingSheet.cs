using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Survey.Reports.Workbooks;

/// <summary>
/// A sheet written row by row with OpenXmlWriter (SAX), for tables too big for ClosedXML, which keeps the whole
/// workbook in memory. Same house layout: frozen bold header, filter, set widths, landscape fit to width.
/// </summary>
internal sealed class StreamingSheet : IDisposable
{
    /// <summary>Excel's limit on the length of a cell's text.</summary>
    public const int MaxCellText = 32_767;

    private readonly OpenXmlWriter _writer;
    private readonly StreamingStyles _styles;
    private readonly int _columns;
    private int _row;
    private bool _closed;

    /// <summary>Starts the sheet's XML on a stream: the zip entry of its part (see StreamedWorkbook).</summary>
    public StreamingSheet(Stream target, StreamingStyles styles, IReadOnlyList<(string Header, double Width)> columns)
    {
        _styles = styles;
        _columns = columns.Count;
        _writer = OpenXmlWriter.Create(target);
        _writer.WriteStartElement(new Worksheet());
        _writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        _writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        { WorkbookViewId = 0 }));
        _writer.WriteElement(new Columns(columns.Select((c, i) =>
            new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = c.Width, CustomWidth = true })));
        _writer.WriteStartElement(new SheetData());
        Row(columns.Select(c => Cell.Header(c.Header)).ToArray());
    }

    public void Row(params Cell[] cells)
    {
        _row++;
        _writer.WriteStartElement(new Row { RowIndex = (uint)_row });
        for (var i = 0; i < cells.Length; i++)
            if (Build(cells[i], $"{ColumnName(i)}{_row}") is { } cell)
                _writer.WriteElement(cell);
        _writer.WriteEndElement();
    }

    private DocumentFormat.OpenXml.Spreadsheet.Cell? Build(Cell cell, string reference) => cell switch
    {
        { Number: { } n } => new DocumentFormat.OpenXml.Spreadsheet.Cell
        {
            CellReference = reference,
            StyleIndex = cell.Format switch { Cells.Percent => _styles.Percent, Cells.TwoDecimals => _styles.TwoDecimals, _ => _styles.Integer },
            CellValue = new CellValue(n.ToString("R", CultureInfo.InvariantCulture)),
        },
        { Text: { } t } => new DocumentFormat.OpenXml.Spreadsheet.Cell(new InlineString(new Text(Clean(t)) { Space = SpaceProcessingModeValues.Preserve }))
        {
            CellReference = reference,
            DataType = CellValues.InlineString,
            StyleIndex = cell.IsHeader ? _styles.Header : Cells.FormulaLike(t) ? _styles.QuotedText : _styles.Text,
        },
        _ => null,
    };

    /// <summary>Characters XML 1.0 cannot carry are dropped; text longer than a cell holds is cut.</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxCellText));
        foreach (var c in text)
        {
            if (builder.Length == MaxCellText)
                break;
            if (c is '\t' or '\n' or '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF'))
                builder.Append(c);
        }
        return builder.ToString();
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    public void Close()
    {
        if (_closed)
            return;
        _closed = true;
        _writer.WriteEndElement(); // sheetData
        _writer.WriteElement(new AutoFilter { Reference = $"A1:{ColumnName(_columns - 1)}{Math.Max(_row, 1)}" });
        _writer.WriteElement(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 });
        _writer.WriteElement(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
        _writer.WriteEndElement(); // worksheet
        _writer.Close();
    }

    public void Dispose()
    {
        Close();
        _writer.Dispose();
    }

    /// <summary>A value to write: text (kept as text, quote-prefixed when formula-like), a number with a format, or nothing.</summary>
    internal readonly record struct Cell(string? Text, double? Number, string? Format, bool IsHeader = false)
    {
        public static Cell Of(string? text) => new(text, null, null);
        public static Cell Of(double? number, string format) => number is null ? Of(Privacy.Suppression.Marker) : new(null, number, format);
        public static Cell Header(string text) => new(text, null, null, true);
        public static readonly Cell Empty = new(null, null, null);
    }
}
