using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Survey.Ingest.Sample;

/// <summary>Writes rows of cells (text, or numbers as decimals) as a CSV or a first worksheet of an XLSX.</summary>
internal interface ITableWriter : IDisposable
{
    void Row(IReadOnlyList<object?> cells);
}

/// <summary>CSV as spreadsheet programs write it: quoted only when needed, "" for a quote.</summary>
internal sealed class CsvTableWriter(Stream output, Encoding encoding, char separator, string newLine, string decimalSeparator)
    : ITableWriter
{
    private readonly StreamWriter _writer = new(output, encoding, 1 << 16, leaveOpen: true) { NewLine = newLine };

    public void Row(IReadOnlyList<object?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
                _writer.Write(separator);
            var text = cells[i] switch
            {
                null => "",
                decimal d => d.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture).Replace(".", decimalSeparator),
                var other => other.ToString() ?? "",
            };
            if (text.IndexOfAny([separator, '"', '\r', '\n']) >= 0)
                text = "\"" + text.Replace("\"", "\"\"") + "\"";
            _writer.Write(text);
        }
        _writer.WriteLine();
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>A minimal XLSX (one sheet, inline strings) written as a stream, so a large sample never sits in memory.</summary>
internal sealed class XlsxTableWriter : ITableWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private readonly ZipArchive _zip;
    private readonly XmlWriter _sheet;

    public XlsxTableWriter(Stream output)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Svar" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
        _sheet = XmlWriter.Create(_zip.CreateEntry("xl/worksheets/sheet1.xml").Open(),
            new XmlWriterSettings { Encoding = new UTF8Encoding(false), NewLineHandling = NewLineHandling.Entitize });
        _sheet.WriteStartElement("worksheet", Main);
        _sheet.WriteStartElement("sheetData", Main);
    }

    private void Part(string name, string xml)
    {
        using var writer = new StreamWriter(_zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(xml);
    }

    public void Row(IReadOnlyList<object?> cells)
    {
        _sheet.WriteStartElement("row", Main);
        foreach (var cell in cells)
        {
            if (cell is null)
            {
                _sheet.WriteStartElement("c", Main);
                _sheet.WriteEndElement();
                continue;
            }
            _sheet.WriteStartElement("c", Main);
            if (cell is decimal number)
                _sheet.WriteElementString("v", Main, number.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture));
            else
            {
                _sheet.WriteAttributeString("t", "inlineStr");
                _sheet.WriteStartElement("is", Main);
                _sheet.WriteStartElement("t", Main);
                _sheet.WriteAttributeString("xml", "space", null, "preserve");
                _sheet.WriteString(cell.ToString());
                _sheet.WriteEndElement();
                _sheet.WriteEndElement();
            }
            _sheet.WriteEndElement();
        }
        _sheet.WriteEndElement();
    }

    public void Dispose()
    {
        _sheet.WriteEndElement();
        _sheet.WriteEndElement();
        _sheet.Dispose();
        _zip.Dispose();
    }
}
