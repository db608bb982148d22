using ClosedXML.Excel;

namespace Survey.Reports.Workbooks;

/// <summary>
/// The house layout of every ClosedXML sheet: a bold header row that stays frozen, a filter over the table, column
/// widths set by hand (AdjustToContents needs GDI+, which Linux lacks), landscape print fitted to the page width.
/// </summary>
internal static class SheetLayout
{
    public static IXLWorksheet Table(IXLWorkbook workbook, string name, IReadOnlyList<(string Header, double Width)> columns,
        string? title = null)
    {
        var sheet = workbook.AddWorksheet(name);
        var headerRow = 1;
        if (title is not null)
        {
            sheet.Cell(1, 1).Text(title).Style.Font.SetBold().Font.SetFontSize(14);
            headerRow = 3;
        }
        for (var i = 0; i < columns.Count; i++)
        {
            sheet.Cell(headerRow, i + 1).Text(columns[i].Header);
            sheet.Column(i + 1).Width = columns[i].Width;
        }
        var header = sheet.Range(headerRow, 1, headerRow, columns.Count);
        header.Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromHtml("#DCE6F1"))
            .Border.SetBottomBorder(XLBorderStyleValues.Thin);
        sheet.SheetView.FreezeRows(headerRow);
        Print(sheet);
        sheet.PageSetup.SetRowsToRepeatAtTop(headerRow, headerRow);
        return sheet;
    }

    public static void Print(IXLWorksheet sheet)
    {
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.PaperSize = XLPaperSize.A4Paper;
        sheet.PageSetup.FitToPages(1, 0);
    }

    /// <summary>Puts the filter on the table once its rows are written.</summary>
    public static void Filter(IXLWorksheet sheet, int headerRow, int columns)
    {
        var last = Math.Max(sheet.LastRowUsed()?.RowNumber() ?? headerRow, headerRow);
        sheet.Range(headerRow, 1, last, columns).SetAutoFilter();
    }

    /// <summary>The traffic light as a fill colour and as a word, so it reads in black-and-white print too.</summary>
    public static void Status(IXLCell cell, string? status)
    {
        cell.Text(Goals.TrafficLight.Swedish(status));
        var colour = status switch
        {
            "green" => "#63BE7B",
            "yellow" => "#FFEB84",
            "red" => "#F8696B",
            _ => null,
        };
        if (colour is not null)
            cell.Style.Fill.SetBackgroundColor(XLColor.FromHtml(colour));
        cell.Style.Font.SetBold().Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
    }
}
