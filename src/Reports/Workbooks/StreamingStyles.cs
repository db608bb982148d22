using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Survey.Reports.Workbooks;

/// <summary>Style indexes for sheets written with OpenXmlWriter, added to the stylesheet ClosedXML already wrote.</summary>
internal sealed record StreamingStyles(uint Header, uint Text, uint QuotedText, uint Integer, uint Percent, uint TwoDecimals)
{
    public static StreamingStyles AddTo(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart!.Stylesheet;
        var formats = stylesheet.NumberingFormats ??= new NumberingFormats();
        var nextFormat = Math.Max(164u, formats.Elements<NumberingFormat>().Select(f => f.NumberFormatId!.Value + 1).DefaultIfEmpty(164u).Max());
        var percent = formats.Elements<NumberingFormat>().FirstOrDefault(f => f.FormatCode == Cells.Percent)?.NumberFormatId?.Value;
        if (percent is null)
        {
            percent = nextFormat;
            formats.Append(new NumberingFormat { NumberFormatId = nextFormat, FormatCode = Cells.Percent });
        }
        formats.Count = (uint)formats.ChildElements.Count;

        var fonts = stylesheet.Fonts!;
        fonts.Append(new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }));
        var bold = (uint)fonts.ChildElements.Count - 1;
        fonts.Count = (uint)fonts.ChildElements.Count;
        var fills = stylesheet.Fills!;
        fills.Append(new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDCE6F1" }, new BackgroundColor { Indexed = 64 })
        { PatternType = PatternValues.Solid }));
        var headerFill = (uint)fills.ChildElements.Count - 1;
        fills.Count = (uint)fills.ChildElements.Count;

        var cellFormats = stylesheet.CellFormats!;
        uint Add(CellFormat format)
        {
            format.FontId ??= 0;
            format.FillId ??= 0;
            format.BorderId ??= 0;
            format.FormatId ??= 0;
            cellFormats.Append(format);
            cellFormats.Count = (uint)cellFormats.ChildElements.Count;
            return cellFormats.Count - 1;
        }
        return new StreamingStyles(
            Header: Add(new CellFormat { FontId = bold, FillId = headerFill, ApplyFont = true, ApplyFill = true }),
            Text: Add(new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true }),
            QuotedText: Add(new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true, QuotePrefix = true }),
            Integer: Add(new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true }),
            Percent: Add(new CellFormat { NumberFormatId = percent, ApplyNumberFormat = true }),
            TwoDecimals: Add(new CellFormat { NumberFormatId = 2, ApplyNumberFormat = true }));
    }
}
