using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using A = DocumentFormat.OpenXml.Drawing;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace Survey.Reports.Workbooks;

/// <summary>A PNG to place on a sheet, its top-left cell (0-based row and column) and its alternative text.</summary>
internal sealed record Picture(byte[] Png, int Row, int Column, int WidthPx, int HeightPx, string Description);

/// <summary>
/// Adds pictures to a saved workbook with DocumentFormat.OpenXml (ClosedXML 0.95's AddPicture needs GDI+, which
/// Linux lacks): a drawings part, an image part per PNG, an anchor sized in EMU (9525 per pixel), and the sheet's
/// drawing element placed where the schema wants it, before legacyDrawing and tableParts.
/// </summary>
internal static class Pictures
{
    private const long EmuPerPixel = 9525;

    public static byte[] Embed(byte[] workbook, string sheetName, IReadOnlyList<Picture> pictures)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var workbookPart = document.WorkbookPart!;
            var sheet = workbookPart.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
            var sheetPart = (WorksheetPart)workbookPart.GetPartById(sheet.Id!);
            var drawings = sheetPart.DrawingsPart ?? AddDrawingsPart(sheetPart);
            drawings.WorksheetDrawing ??= new Xdr.WorksheetDrawing();
            var id = (uint)drawings.WorksheetDrawing.Elements<Xdr.OneCellAnchor>().Count() + 1;
            foreach (var picture in pictures)
            {
                var image = drawings.AddImagePart(ImagePartType.Png);
                using (var png = new MemoryStream(picture.Png))
                    image.FeedData(png);
                drawings.WorksheetDrawing.Append(Anchor(picture, drawings.GetIdOfPart(image), id++));
            }
            drawings.WorksheetDrawing.Save();
            sheetPart.Worksheet.Save();
        }
        return stream.ToArray();
    }

    private static DrawingsPart AddDrawingsPart(WorksheetPart sheetPart)
    {
        var drawings = sheetPart.AddNewPart<DrawingsPart>();
        drawings.WorksheetDrawing = new Xdr.WorksheetDrawing();
        var element = new Drawing { Id = sheetPart.GetIdOfPart(drawings) };
        // Schema order: ... headerFooter, rowBreaks, colBreaks, customProperties, cellWatches, ignoredErrors,
        // smartTags, drawing, legacyDrawing, legacyDrawingHF, picture, oleObjects, controls, webPublishItems,
        // tableParts, extLst. Excel refuses the file when drawing comes after any of the later ones.
        var worksheet = sheetPart.Worksheet;
        var after = worksheet.ChildElements.FirstOrDefault(e => e is LegacyDrawing or LegacyDrawingHeaderFooter
            or DocumentFormat.OpenXml.Spreadsheet.Picture or OleObjects or Controls or WebPublishItems or TableParts or WorksheetExtensionList);
        if (after is null)
            worksheet.Append(element);
        else
            worksheet.InsertBefore(element, after);
        return drawings;
    }

    private static Xdr.OneCellAnchor Anchor(Picture picture, string relationshipId, uint id)
    {
        var cx = picture.WidthPx * EmuPerPixel;
        var cy = picture.HeightPx * EmuPerPixel;
        return new Xdr.OneCellAnchor(
            new Xdr.FromMarker(new Xdr.ColumnId(picture.Column.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Xdr.ColumnOffset("0"), new Xdr.RowId(picture.Row.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Xdr.RowOffset("0")),
            new Xdr.Extent { Cx = cx, Cy = cy },
            new Xdr.Picture(
                new Xdr.NonVisualPictureProperties(
                    new Xdr.NonVisualDrawingProperties { Id = id, Name = $"Diagram {id}", Description = picture.Description },
                    new Xdr.NonVisualPictureDrawingProperties(new A.PictureLocks { NoChangeAspect = true })),
                new Xdr.BlipFill(new A.Blip { Embed = relationshipId }, new A.Stretch(new A.FillRectangle())),
                new Xdr.ShapeProperties(
                    new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }),
                    new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })),
            new Xdr.ClientData());
    }
}
