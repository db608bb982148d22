using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Survey.Ingest.Reading;

/// <summary>
/// What an XLSX may cost, checked in one streaming pass over its archive before ExcelDataReader opens it, so that
/// time and memory stay bounded by the file's own size: a zip's parts decompress to at most
/// <see cref="MaxRatio"/> times the file (plus a floor) and never past <see cref="MaxDecompressedBytes"/>, counted as
/// they are read rather than taken from the archive's headers; no cell beyond column <see cref="MaxColumns"/>; a
/// sheet's extent (last row × last column, which the reader walks cell by cell) at most <see cref="AreaPerCell"/>
/// times the cells it holds plus <see cref="FreeArea"/>; no cell longer than Excel's own 32,767 characters; at most
/// <see cref="MaxSharedStrings"/> shared strings of <see cref="MaxSharedChars"/> characters in all (ExcelDataReader
/// holds them in memory). Past any of them the file is rejected with a Swedish message naming the sheet and cell.
/// </summary>
internal sealed record WorkbookBudget
{
    public static readonly WorkbookBudget Default = new();

    public long MaxDecompressedBytes { get; init; } = 4L << 30;
    public int MaxRatio { get; init; } = 100;
    public long RatioFloorBytes { get; init; } = 16L << 20;
    public int MaxColumns { get; init; } = 2_000;
    public int AreaPerCell { get; init; } = 10;
    public long FreeArea { get; init; } = 1_000_000;
    public int MaxCellChars { get; init; } = 32_767;
    public int MaxSharedStrings { get; init; } = 4_000_000;
    public long MaxSharedChars { get; init; } = 100_000_000;

    private static readonly XmlReaderSettings Xml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true, IgnoreWhitespace = true, CloseInput = false,
    };

    /// <summary>Throws <see cref="FileRejected"/> when the workbook (a zip archive, read from its start) is over budget.</summary>
    public void Check(Stream workbook, long fileBytes)
    {
        var allowed = Math.Min(MaxDecompressedBytes, MaxRatio * fileBytes + RatioFloorBytes);
        var counter = new Counter(allowed, MaxRatio);
        using var zip = new ZipArchive(workbook, ZipArchiveMode.Read, leaveOpen: true);
        foreach (var entry in zip.Entries)
        {
            using var part = new CountedStream(entry.Open(), counter);
            if (entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                Scan(part, entry.FullName);
            else
                part.CopyTo(Stream.Null);
        }
    }

    private void Scan(Stream part, string name)
    {
        using var xml = XmlReader.Create(part, Xml);
        if (xml.MoveToContent() != XmlNodeType.Element)
            return;
        switch (xml.LocalName)
        {
            case "worksheet":
                ScanSheet(xml, SheetName(name));
                break;
            case "sst":
                ScanSharedStrings(xml);
                break;
            default:
                while (xml.Read())
                {
                }
                break;
        }
    }

    private void ScanSheet(XmlReader xml, string sheet)
    {
        long cells = 0, row = 0, lastRow = 0;
        int column = 0, lastColumn = 0;
        var cell = "";
        while (xml.Read())
        {
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
            {
                if (TextLength(xml) > MaxCellChars)
                    throw new FileRejected($"Bladet {sheet} har en cell ({cell}) med fler än {N(MaxCellChars)} tecken, som är Excels egen gräns för en cell. Filen har inte lästs in.");
                continue;
            }
            if (xml.NodeType != XmlNodeType.Element)
                continue;
            switch (xml.LocalName)
            {
                case "dimension" when xml.GetAttribute("ref") is { } range && CellReference.TryParse(range[(range.IndexOf(':') + 1)..], out var endColumn, out var endRow):
                    (lastColumn, lastRow) = (Math.Max(lastColumn, endColumn), Math.Max(lastRow, endRow));
                    cell = range;
                    break;
                case "row":
                    row = long.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : row + 1;
                    column = 0;
                    break;
                case "c":
                    cells++;
                    if (xml.GetAttribute("r") is { } reference && CellReference.TryParse(reference, out var c, out var cr))
                        (column, row, cell) = (c, cr, reference);
                    else
                        (column, cell) = (column + 1, CellReference.Format(column + 1, row));
                    break;
                default:
                    continue;
            }
            (lastColumn, lastRow) = (Math.Max(lastColumn, column), Math.Max(lastRow, row));
            if (lastColumn > MaxColumns)
                throw new FileRejected($"Bladet {sheet} har en cell i kolumn {CellReference.Letters(lastColumn)} ({cell}); högst {N(MaxColumns)} kolumner läses. Ta bort det som står längst ut till höger och ladda upp filen igen.");
        }
        if ((double)lastRow * lastColumn > (double)AreaPerCell * cells + FreeArea)
            throw new FileRejected($"Bladet {sheet} sträcker sig till {CellReference.Format(lastColumn, lastRow)} men har bara {N(cells)} celler: " +
                                   "ta bort det som står långt nedanför eller till höger om tabellen och ladda upp filen igen.");
    }

    private void ScanSharedStrings(XmlReader xml)
    {
        long strings = 0, chars = 0, current = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                current = 0;
                if (++strings > MaxSharedStrings)
                    throw new FileRejected($"Arbetsboken har fler än {N(MaxSharedStrings)} olika texter. Dela upp den eller spara den som CSV.");
            }
            else if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
            {
                var length = TextLength(xml);
                current += length;
                chars += length;
                if (current > MaxCellChars)
                    throw new FileRejected($"Arbetsboken har en text med fler än {N(MaxCellChars)} tecken, som är Excels egen gräns för en cell. Filen har inte lästs in.");
                if (chars > MaxSharedChars)
                    throw new FileRejected($"Arbetsbokens texter har fler än {N(MaxSharedChars)} tecken tillsammans. Dela upp den eller spara den som CSV.");
            }
        }
    }

    /// <summary>The text node's length, read in chunks (never held whole), stopping once past the cell limit.</summary>
    private long TextLength(XmlReader xml)
    {
        if (!xml.CanReadValueChunk)
            return xml.Value.Length;
        var buffer = new char[4096];
        long length = 0;
        int n;
        while ((n = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0 && length <= MaxCellChars)
            length += n;
        return length;
    }

    private static string SheetName(string part) => Path.GetFileNameWithoutExtension(part);

    private static string N(long n) => n.ToString("N0", CultureInfo.GetCultureInfo("sv-SE"));

    /// <summary>Decompressed bytes of all parts together, against the budget.</summary>
    private sealed class Counter(long allowed, int ratio)
    {
        private long _total;

        public void Add(int bytes)
        {
            _total += bytes;
            if (_total > allowed)
                throw new FileRejected($"Arbetsboken packas upp till mer än {N(allowed / (1 << 20))} MB, över {ratio} gånger filens storlek. " +
                                       "Den är troligen skadad eller gjord för att belasta servern, och har inte lästs in.");
        }
    }

    private sealed class CountedStream(Stream inner, Counter counter) : ForwardOnlyStream
    {
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            counter.Add(n);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>A1-style cell references: "XFD1048576" is column 16384, row 1048576.</summary>
internal static class CellReference
{
    public static bool TryParse(string reference, out int column, out long row)
    {
        (column, row) = (0, 0);
        reference = reference.TrimStart('$');
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (column > 1 << 20)
                return false;
        }
        return i > 0 && long.TryParse(reference.AsSpan(i).TrimStart('$'), NumberStyles.None, CultureInfo.InvariantCulture, out row);
    }

    public static string Letters(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26)
            letters = (char)('A' + (column - 1) % 26) + letters;
        return letters;
    }

    public static string Format(int column, long row) => Letters(column) + row.ToString(CultureInfo.InvariantCulture);
}
