using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Survey.Reports.Workbooks;

/// <summary>
/// A workbook whose small sheets come from ClosedXML and whose big sheets are streamed straight into the output
/// zip. DocumentFormat.OpenXml edits a package in update mode, which holds every part uncompressed in memory; so
/// the big sheets are registered as empty placeholder parts in the small package (sheet list, relationships,
/// content types, styles), the small package's other entries are copied into a zip written in create mode, and each
/// big sheet's XML is written into its own entry as the data arrives. A sheet may also be added while writing (a
/// long table continued on a further sheet): the entries that list the sheets are copied last, when the workbook is
/// finished. Memory stays flat however large the wave.
/// </summary>
internal sealed class StreamedWorkbook : IDisposable
{
    /// <summary>The package entries that list the sheets, copied when the workbook is finished.</summary>
    private static readonly string[] SheetLists = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"];

    private readonly ZipArchive _zip;
    private readonly MemoryStream _package; // the small package with the placeholders
    private readonly Dictionary<string, string> _entries = []; // sheet name -> zip entry of its placeholder
    private readonly HashSet<string> _written = [];
    private readonly string _before;

    public StreamingStyles Styles { get; }

    private StreamedWorkbook(ZipArchive zip, MemoryStream package, string before, StreamingStyles styles)
    {
        _zip = zip;
        _package = package;
        _before = before;
        Styles = styles;
    }

    /// <param name="small">The ClosedXML workbook with the small sheets.</param>
    /// <param name="sheets">The big sheets' names, in order; they are placed before the sheet named <paramref name="before"/>.</param>
    public static StreamedWorkbook Create(byte[] small, IReadOnlyList<string> sheets, string before, Stream output)
    {
        var package = new MemoryStream();
        package.Write(small);
        StreamingStyles styles;
        using (var document = SpreadsheetDocument.Open(package, true))
        {
            styles = StreamingStyles.AddTo(document.WorkbookPart!);
            document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.Save();
        }
        var book = new StreamedWorkbook(new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true), package, before, styles);
        book.Register(sheets, null);
        using (var source = new ZipArchive(new MemoryStream(package.ToArray()), ZipArchiveMode.Read))
            foreach (var entry in source.Entries.Where(e => !book._entries.ContainsValue(e.FullName) && !SheetLists.Contains(e.FullName)))
                book.Copy(entry);
        return book;
    }

    /// <summary>Adds a big sheet after the sheet named <paramref name="after"/>, to be written like the others.</summary>
    public void Add(string name, string after) => Register([name], after);

    private void Register(IReadOnlyList<string> sheets, string? after)
    {
        using var document = SpreadsheetDocument.Open(_package, true);
        var workbook = document.WorkbookPart!;
        var list = workbook.Workbook.Sheets!;
        var previous = after is null ? null : list.Elements<Sheet>().Single(s => s.Name == after);
        var next = list.Elements<Sheet>().FirstOrDefault(s => s.Name == _before);
        var id = list.Elements<Sheet>().Max(s => s.SheetId!.Value);
        foreach (var name in sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            part.Worksheet = new Worksheet(new SheetData());
            var sheet = new Sheet { Name = name, SheetId = ++id, Id = workbook.GetIdOfPart(part) };
            if (previous is not null)
                list.InsertAfter(sheet, previous);
            else if (next is null)
                list.Append(sheet);
            else
                list.InsertBefore(sheet, next);
            previous = after is null ? null : sheet;
            _entries[name] = part.Uri.OriginalString.TrimStart('/');
        }
        workbook.Workbook.Save();
    }

    private void Copy(ZipArchiveEntry entry)
    {
        using var from = entry.Open();
        using var to = _zip.CreateEntry(entry.FullName, CompressionLevel.Fastest).Open();
        from.CopyTo(to);
    }

    /// <summary>Writes one big sheet; sheets are written one at a time, each to the end before the next.</summary>
    public void Write(string name, IReadOnlyList<(string Header, double Width)> columns, Action<StreamingSheet> rows)
    {
        _written.Add(name);
        using var entry = _zip.CreateEntry(_entries[name], CompressionLevel.Fastest).Open();
        using var sheet = new StreamingSheet(entry, Styles, columns);
        rows(sheet);
    }

    public async Task WriteAsync(string name, IReadOnlyList<(string Header, double Width)> columns, Func<StreamingSheet, Task> rows)
    {
        _written.Add(name);
        await using var entry = _zip.CreateEntry(_entries[name], CompressionLevel.Fastest).Open();
        using var sheet = new StreamingSheet(entry, Styles, columns);
        await rows(sheet);
    }

    /// <summary>Finishes the zip; a registered sheet that was never written becomes an empty one.</summary>
    public void Dispose()
    {
        foreach (var name in _entries.Keys.Where(n => !_written.Contains(n)).ToList())
            Write(name, [("", 10)], _ => { });
        using (var source = new ZipArchive(new MemoryStream(_package.ToArray()), ZipArchiveMode.Read))
            foreach (var entry in source.Entries.Where(e => SheetLists.Contains(e.FullName)))
                Copy(entry);
        _zip.Dispose();
        _package.Dispose();
    }
}
