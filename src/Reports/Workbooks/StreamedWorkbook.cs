using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Survey.Reports.Workbooks;

/// <summary>
/// A workbook whose small sheets come from ClosedXML and whose big sheets are streamed straight into the output
/// zip. DocumentFormat.OpenXml edits a package in update mode, which holds every part uncompressed in memory; so
/// the big sheets are first registered as empty placeholder parts (sheet list, relationships, content types,
/// styles), the small package is copied entry by entry into a zip written in create mode, and each big sheet's
/// XML is written by OpenXmlWriter into its own entry as the data arrives. Memory stays flat however large the wave.
/// </summary>
internal sealed class StreamedWorkbook : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, string> _entries; // sheet name -> zip entry of its placeholder
    private readonly HashSet<string> _written = [];

    public StreamingStyles Styles { get; }

    private StreamedWorkbook(ZipArchive zip, Dictionary<string, string> entries, StreamingStyles styles)
    {
        _zip = zip;
        _entries = entries;
        Styles = styles;
    }

    /// <param name="small">The ClosedXML workbook with the small sheets.</param>
    /// <param name="sheets">The big sheets' names, in order; they are placed before the sheet named <paramref name="before"/>.</param>
    public static StreamedWorkbook Create(byte[] small, IReadOnlyList<string> sheets, string before, Stream output)
    {
        using var prepared = new MemoryStream();
        prepared.Write(small);
        var entries = new Dictionary<string, string>();
        StreamingStyles styles;
        using (var document = SpreadsheetDocument.Open(prepared, true))
        {
            var workbook = document.WorkbookPart!;
            styles = StreamingStyles.AddTo(workbook);
            var list = workbook.Workbook.Sheets!;
            var next = list.Elements<Sheet>().FirstOrDefault(s => s.Name == before);
            var id = list.Elements<Sheet>().Max(s => s.SheetId!.Value);
            foreach (var name in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = new Worksheet(new SheetData());
                var sheet = new Sheet { Name = name, SheetId = ++id, Id = workbook.GetIdOfPart(part) };
                if (next is null)
                    list.Append(sheet);
                else
                    list.InsertBefore(sheet, next);
                entries[name] = part.Uri.OriginalString.TrimStart('/');
            }
            workbook.WorkbookStylesPart!.Stylesheet.Save();
            workbook.Workbook.Save();
        }
        var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        using (var source = new ZipArchive(new MemoryStream(prepared.ToArray()), ZipArchiveMode.Read))
            foreach (var entry in source.Entries.Where(e => !entries.ContainsValue(e.FullName)))
            {
                using var from = entry.Open();
                using var to = zip.CreateEntry(entry.FullName, CompressionLevel.Fastest).Open();
                from.CopyTo(to);
            }
        return new StreamedWorkbook(zip, entries, styles);
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
        _zip.Dispose();
    }
}
