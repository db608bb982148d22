using System.Buffers;
using System.Globalization;
using System.Text;

namespace Survey.Reports.Workbooks;

/// <summary>
/// A sheet written row by row as SpreadsheetML straight into its zip entry, for tables too big for ClosedXML, which
/// keeps the whole workbook in memory. The XML is written as UTF-8 bytes by hand (an OpenXmlWriter element per cell
/// cost most of a large workbook's time); the markup is the few elements below, checked by OpenXmlValidator in the
/// tests. Same house layout: frozen bold header, filter, set widths, landscape fit to width.
/// </summary>
internal sealed class StreamingSheet : IDisposable
{
    /// <summary>Excel's limit on the length of a cell's text.</summary>
    public const int MaxCellText = 32_767;

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private readonly Stream _target;
    private readonly StreamingStyles _styles;
    private readonly int _columns;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private readonly StringBuilder _text = new();
    private int _used;
    private int _row;
    private bool _closed;

    /// <summary>Rows written so far, the header included.</summary>
    public int RowCount => _row;

    /// <summary>Starts the sheet's XML on a stream: the zip entry of its part (see StreamedWorkbook).</summary>
    public StreamingSheet(Stream target, StreamingStyles styles, IReadOnlyList<(string Header, double Width)> columns)
    {
        _target = target;
        _styles = styles;
        _columns = columns.Count;
        Ascii($"""<?xml version="1.0" encoding="utf-8"?><worksheet xmlns="{Main}">""");
        Ascii("""<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>""");
        Ascii("""<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>""");
        Ascii("""<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><cols>""");
        for (var i = 0; i < columns.Count; i++)
            Ascii(string.Create(CultureInfo.InvariantCulture, $"""<col min="{i + 1}" max="{i + 1}" width="{columns[i].Width}" customWidth="1"/>"""));
        Ascii("</cols><sheetData>");
        Row(columns.Select(c => Cell.Header(c.Header)).ToArray());
    }

    public void Row(params Cell[] cells) => Row((ReadOnlySpan<Cell>)cells);

    public void Row(ReadOnlySpan<Cell> cells)
    {
        _row++;
        Ascii("<row r=\"");
        Number(_row);
        Ascii("\">");
        for (var i = 0; i < cells.Length; i++)
            Write(cells[i], i);
        Ascii("</row>");
    }

    private void Write(in Cell cell, int column)
    {
        if (cell is { Number: { } n })
        {
            CellStart(column, cell.Format switch { Cells.Percent => _styles.Percent, Cells.TwoDecimals => _styles.TwoDecimals, _ => _styles.Integer });
            Ascii("\"><v>");
            Room(32);
            n.TryFormat(_buffer.AsSpan(_used), out var written, "R", CultureInfo.InvariantCulture);
            _used += written;
            Ascii("</v></c>");
        }
        else if (cell is { Text: { } t })
        {
            CellStart(column, cell.IsHeader ? _styles.Header : Cells.FormulaLike(t) ? _styles.QuotedText : _styles.Text);
            Ascii("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
            Text(t);
            Ascii("</t></is></c>");
        }
    }

    private void CellStart(int column, uint style)
    {
        Ascii("<c r=\"");
        Room(8);
        var letters = 0;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
            letters++;
        for (int n = column + 1, at = _used + letters - 1; n > 0; n = (n - 1) / 26)
            _buffer[at--] = (byte)('A' + (n - 1) % 26);
        _used += letters;
        Number(_row);
        Ascii("\" s=\"");
        Number((int)style);
    }

    private void Number(int value)
    {
        Room(12);
        value.TryFormat(_buffer.AsSpan(_used), out var written, default, CultureInfo.InvariantCulture);
        _used += written;
    }

    /// <summary>Markup of the sheet's own making (ASCII only).</summary>
    private void Ascii(string markup)
    {
        Room(markup.Length);
        for (var i = 0; i < markup.Length; i++)
            _buffer[_used++] = (byte)markup[i];
    }

    /// <summary>User text, escaped for XML; characters XML 1.0 cannot carry are dropped; text longer than a cell holds is cut.</summary>
    private void Text(string text)
    {
        var clean = true;
        foreach (var c in text)
            if (c is '<' or '>' or '&' || (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF')
            {
                clean = false;
                break;
            }
        if (clean && text.Length <= MaxCellText)
        {
            Utf8(text);
            return;
        }
        _text.Clear();
        var kept = 0;
        foreach (var c in text)
        {
            if (kept == MaxCellText)
                break;
            if (c is not ('\t' or '\n' or '\r') && (c < 0x20 || c is '\uFFFE' or '\uFFFF'))
                continue;
            kept++;
            _text.Append(c switch { '<' => "&lt;", '>' => "&gt;", '&' => "&amp;", _ => c.ToString() });
        }
        Utf8(_text.ToString());
    }

    private void Utf8(string text)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most > _buffer.Length)
        {
            Flush();
            _target.Write(Encoding.UTF8.GetBytes(text));
            return;
        }
        Room(most);
        _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
    }

    private void Room(int bytes)
    {
        if (_used + bytes > _buffer.Length)
            Flush();
    }

    private void Flush()
    {
        _target.Write(_buffer, 0, _used);
        _used = 0;
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
        Ascii("</sheetData>");
        Ascii($"""<autoFilter ref="A1:{ColumnName(_columns - 1)}{Math.Max(_row, 1)}"/>""");
        Ascii("""<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>""");
        Ascii("""<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>""");
        Flush();
    }

    public void Dispose()
    {
        Close();
        ArrayPool<byte>.Shared.Return(_buffer);
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
