using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Survey.Ingest.Reading;
using Survey.Tests.Ingest.Exports;
using static Survey.Tests.Ingest.IngestFixture;

namespace Survey.Tests.Ingest.Reading;

/// <summary>Small crafted workbooks that would cost minutes or gigabytes are rejected at once, one per budget; the
/// same workbook within budget is read.</summary>
public sealed class WorkbookBudgetTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    // Svars-ID, the whole instrument and an ignored "Anteckning" (AD) in row 1, the second known respondent in row 2
    // (B2 holds "RS"), with a shared string as its note.
    private static readonly string Header = RowXml(1, ["Svars-ID", .. KnownRespondents.Codes, "Anteckning"]);
    private static readonly string Row = RowXml(2, ["1001", .. KnownRespondents.SecondAsCodes]);
    private static readonly string RowWithNote = Row.Replace("</row>", """<c r="AD2" t="s"><v>0</v></c></row>""");

    private static string RowXml(int row, string[] values) =>
        $"<row r=\"{row}\">" + string.Concat(values.Select((v, i) => v.Length == 0 ? ""
            : $"<c r=\"{CellReference.Format(i + 1, row)}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(v)}</t></is></c>")) + "</row>";

    /// <summary>A minimal XLSX as a spreadsheet program writes it: one sheet, optionally shared strings and extra parts.</summary>
    internal static byte[] Workbook(string rows, string? sharedStrings = null, string? dimension = null, (string Name, byte[] Bytes)? extra = null)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text) => Put(name, Encoding.UTF8.GetBytes(text));
            void Put(string name, byte[] bytes)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(bytes);
            }
            Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Svar" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>""" +
                (sharedStrings is null ? "" : """<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>""") + "</Relationships>");
            Add("xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{(dimension is null ? "" : $"<dimension ref=\"{dimension}\"/>")}<sheetData>{rows}</sheetData></worksheet>""");
            if (sharedStrings is not null)
                Add("xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sharedStrings}</sst>""");
            if (extra is { } part)
                Put(part.Name, part.Bytes);
        }
        return memory.ToArray();
    }

    public static TheoryData<string, byte[], string> OverBudget() => new()
    {
        {
            "a cell at XFD1048576", Workbook(Header + Row + """<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"""),
            "Bladet sheet1 har en cell i kolumn XFD (XFD1048576); högst 2 000 kolumner läses. Ta bort det som står längst ut till höger och ladda upp filen igen."
        },
        {
            "a dimension claiming XFD1048576", Workbook(Header + Row, dimension: "A1:XFD1048576"),
            "Bladet sheet1 har en cell i kolumn XFD (A1:XFD1048576); högst 2 000 kolumner läses. Ta bort det som står längst ut till höger och ladda upp filen igen."
        },
        {
            "a cell a million rows down", Workbook(Header + Row + """<row r="1048576"><c r="D1048576"><v>1</v></c></row>"""),
            "Bladet sheet1 sträcker sig till AD1048576 men har bara 60 celler: ta bort det som står långt nedanför eller till höger om tabellen och ladda upp filen igen."
        },
        {
            "an inline cell longer than Excel allows", Workbook(Header + Row.Replace("<t>RS</t>", $"<t>{new string('x', 40_000)}</t>")),
            "Bladet sheet1 har en cell (B2) med fler än 32 767 tecken, som är Excels egen gräns för en cell. Filen har inte lästs in."
        },
        {
            "a 30 MB shared string in an ignored column", Workbook(Header + RowWithNote, $"<si><t>{new string('x', 30 << 20)}</t></si>"),
            "Arbetsboken har en text med fler än 32 767 tecken, som är Excels egen gräns för en cell. Filen har inte lästs in."
        },
        {
            "a part that decompresses 1,000 times", Workbook(Header + Row, extra: ("xl/media/padding.bin", new byte[32 << 20])),
            "Arbetsboken packas upp till mer än 19 MB, över 100 gånger filens storlek. Den är troligen skadad eller gjord för att belasta servern, och har inte lästs in."
        },
    };

    [Theory]
    [MemberData(nameof(OverBudget))]
    public async Task A_workbook_over_a_budget_is_rejected_at_once(string name, byte[] workbook, string message)
    {
        var wave = await NewWaveAsync(db);
        var before = await DataSnapshotAsync(db);
        var clock = Stopwatch.StartNew();
        var result = await IngestAsync(db, workbook, wave, $"{name}.xlsx");
        Assert.Equal("rejected", result.Status);
        Assert.Equal(message, result.Problems[0].Message.Replace('\u00A0', ' ')); // Swedish digit groups
        Assert.Equal(before, await DataSnapshotAsync(db));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{name}: {clock.Elapsed}"); // minutes before the budgets
    }

    [Fact]
    public async Task The_same_workbook_within_budget_is_read()
    {
        var result = await IngestAsync(db, Workbook(Header + RowWithNote, "<si><t>en anteckning</t></si>", "A1:AD2"),
            await NewWaveAsync(db), "ok.xlsx");
        Assert.True(result.IsAccepted, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal(1, result.Inserted);
    }

    [Fact]
    public void Too_many_shared_strings_are_rejected()
    {
        var workbook = Workbook(Header + Row, string.Concat(Enumerable.Range(0, 11).Select(i => $"<si><t>{i}</t></si>")));
        var budget = new WorkbookBudget { MaxSharedStrings = 10 };
        var e = Assert.Throws<FileRejected>(() => budget.Check(new MemoryStream(workbook), workbook.Length));
        Assert.Equal("Arbetsboken har fler än 10 olika texter. Dela upp den eller spara den som CSV.", e.Message);
        WorkbookBudget.Default.Check(new MemoryStream(workbook), workbook.Length);
    }

    [Fact]
    public void Too_many_shared_characters_are_rejected()
    {
        var workbook = Workbook(Header + Row, string.Concat(Enumerable.Range(0, 11).Select(i => $"<si><t>{i:000}</t></si>")));
        var budget = new WorkbookBudget { MaxSharedChars = 32 };
        var e = Assert.Throws<FileRejected>(() => budget.Check(new MemoryStream(workbook), workbook.Length));
        Assert.Equal("Arbetsbokens texter har fler än 32 tecken tillsammans. Dela upp den eller spara den som CSV.", e.Message);
    }
}
