using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace Survey.Tests.Reports.Workbooks;

/// <summary>
/// Reads a workbook back with DocumentFormat.OpenXml (ClosedXML cannot open one that holds pictures on Linux):
/// sheets, cells as text or numbers with their number format, pictures, and the validator's verdict.
/// </summary>
internal sealed class WorkbookReader : IDisposable
{
    private readonly MemoryStream _stream;
    private readonly SpreadsheetDocument _document;

    public WorkbookReader(byte[] content)
    {
        _stream = new MemoryStream(content);
        _document = SpreadsheetDocument.Open(_stream, false);
    }

    public WorkbookPart Workbook => _document.WorkbookPart!;

    public IReadOnlyList<string> SheetNames => Workbook.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();

    public WorksheetPart Part(string sheet) =>
        (WorksheetPart)Workbook.GetPartById(Workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet).Id!);

    public IReadOnlyList<string> ValidationErrors() =>
        new OpenXmlValidator(FileFormatVersions.Office2013).Validate(_document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();

    /// <summary>Every row of a sheet as text (numbers in invariant form), by column letter.</summary>
    public IReadOnlyList<Dictionary<string, string>> Rows(string sheet) =>
        Part(sheet).Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>()
            .ToDictionary(c => Column(c.CellReference!.Value!), Text)).ToList();

    /// <summary>
    /// A question sheet's rows with the question's unit rows read back from the long-format units sheets (Enheter,
    /// Enheter (2), …) into the question sheet's own columns: Enhet, unit, n, Medel, Anmärkning, count and share per answer.
    /// </summary>
    public IReadOnlyList<Dictionary<string, string>> QuestionRows(string question)
    {
        var rows = Rows(question).ToList();
        var columns = rows[0].Where(c => c.Value.EndsWith(" (antal)", StringComparison.Ordinal))
            .ToDictionary(c => c.Value[..^" (antal)".Length], c => c.Key);
        var units = new Dictionary<string, Dictionary<string, string>>();
        foreach (var line in SheetNames.Where(n => n.StartsWith("Enheter", StringComparison.Ordinal)).SelectMany(n => Rows(n).Skip(1))
                     .Where(r => r["C"] == question))
        {
            if (!units.TryGetValue(line["A"], out var unit))
            {
                units[line["A"]] = unit = new Dictionary<string, string> { ["A"] = "Enhet", ["B"] = line["A"] };
                foreach (var (from, to) in new[] { ("G", "C"), ("H", "D"), ("I", "E") })
                    if (line.TryGetValue(from, out var value))
                        unit[to] = value;
            }
            if (columns.TryGetValue(line["D"], out var count))
            {
                unit[count] = line["E"];
                unit[Next(count)] = line["F"];
            }
        }
        rows.AddRange(units.Values);
        return rows;
    }

    /// <summary>The column letter after this one.</summary>
    private static string Next(string column)
    {
        var index = column.Aggregate(0, (n, c) => n * 26 + c - 'A' + 1);
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    public IEnumerable<Cell> Cells(string sheet) => Part(sheet).Worksheet.Descendants<Cell>();

    public IEnumerable<Cell> AllCells() => SheetNames.SelectMany(Cells);

    public string Text(Cell cell)
    {
        if (cell.DataType?.Value == CellValues.SharedString && cell.CellValue is not null)
            return Workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>()
                .ElementAt(int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)).InnerText;
        if (cell.DataType?.Value == CellValues.InlineString)
            return cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";
        return cell.CellValue?.Text ?? "";
    }

    public bool IsNumber(Cell cell) => cell.DataType is null || cell.DataType.Value == CellValues.Number;

    public CellFormat Format(Cell cell) =>
        Workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));

    public string NumberFormat(Cell cell)
    {
        var id = Format(cell).NumberFormatId?.Value ?? 0;
        return Workbook.WorkbookStylesPart!.Stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .FirstOrDefault(f => f.NumberFormatId! == id)?.FormatCode?.Value ?? $"builtin:{id}";
    }

    public string? Fill(Cell cell)
    {
        var fill = Workbook.WorkbookStylesPart!.Stylesheet.Fills!.Elements<Fill>().ElementAt((int)(Format(cell).FillId?.Value ?? 0));
        return fill.PatternFill?.ForegroundColor?.Rgb?.Value;
    }

    public IReadOnlyList<byte[]> Pictures(string sheet) =>
        Part(sheet).DrawingsPart?.ImageParts.Select(p =>
        {
            using var s = p.GetStream();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        }).ToList() ?? [];

    /// <summary>The alternative texts of a sheet's pictures, in order.</summary>
    public IReadOnlyList<string> PictureDescriptions(string sheet) =>
        Part(sheet).DrawingsPart?.WorksheetDrawing.Descendants<DocumentFormat.OpenXml.Drawing.Spreadsheet.NonVisualDrawingProperties>()
            .Select(p => p.Description?.Value ?? "").ToList() ?? [];

    public static string Column(string reference) => new(reference.TakeWhile(char.IsLetter).ToArray());

    public void Dispose()
    {
        _document.Dispose();
        _stream.Dispose();
    }
}
