namespace Survey.Ingest.Reading;

/// <summary>
/// Opens uploaded bytes as a table: XLSX/XLS when the bytes are a workbook, otherwise CSV with the encoding and
/// delimiter sniffed from the first 64 KB. The content is read once, hashed on the way.
/// </summary>
internal sealed class TableSource : IDisposable
{
    private const int PrefixBytes = 1 << 16;
    private readonly Stream? _spool;

    private TableSource(ContentStream content, ITableReader reader, Stream? spool)
    {
        Content = content;
        Reader = reader;
        _spool = spool;
    }

    public ContentStream Content { get; }
    public ITableReader Reader { get; }

    public static TableSource Open(ContentStream content)
    {
        var prefix = new byte[PrefixBytes];
        var length = content.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (length == 0)
            throw new FileRejected("Filen är tom.");
        var head = prefix.AsMemory(0, length);
        if (IsWorkbook(head.Span))
            return OpenWorkbook(content, head);

        var encoding = TextSniffer.DetectEncoding(head.Span, length < PrefixBytes)
            ?? throw new FileRejected(
                "Filen är varken en CSV-fil eller en Excel-arbetsbok (XLSX), eller har en teckenkodning som inte går att avgöra. Spara den som CSV (UTF-8 eller Windows-1252) eller XLSX.");
        var text = DecodePrefix(head.Span, encoding);
        var delimiter = TextSniffer.DetectDelimiter(text);
        return new TableSource(content, new CsvTableReader(new PrefixedStream(head, content), encoding, delimiter), null);
    }

    private static bool IsWorkbook(ReadOnlySpan<byte> head) =>
        head.StartsWith((byte[])[0x50, 0x4B, 0x03, 0x04]) || head.StartsWith((byte[])[0xD0, 0xCF, 0x11, 0xE0]);

    private static TableSource OpenWorkbook(ContentStream content, ReadOnlyMemory<byte> head)
    {
        // ExcelDataReader needs to seek (a workbook is a zip archive): spool to a temporary file, not to memory.
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None,
            1 << 16, FileOptions.DeleteOnClose);
        try
        {
            spool.Write(head.Span);
            content.CopyTo(spool);
            if (head.Span.StartsWith((byte[])[0x50, 0x4B, 0x03, 0x04]))
            {
                spool.Position = 0;
                WorkbookBudget.Default.Check(spool, spool.Length);
            }
            spool.Position = 0;
            return new TableSource(content, new XlsxTableReader(spool), spool);
        }
        catch (FileRejected)
        {
            spool.Dispose();
            throw;
        }
        catch (Exception e) when (e is not FileTooLargeException)
        {
            spool.Dispose();
            throw new FileRejected("Filen kunde inte läsas som en Excel-arbetsbok (XLSX). Spara den på nytt som XLSX eller CSV.");
        }
    }

    private static string DecodePrefix(ReadOnlySpan<byte> head, System.Text.Encoding encoding)
    {
        // The prefix may end inside a character; decode what is whole.
        for (var cut = 0; cut <= 3 && cut < head.Length; cut++)
        {
            try
            {
                return encoding.GetString(head[..^cut]);
            }
            catch (System.Text.DecoderFallbackException)
            {
            }
        }
        throw new FileRejected("Filens teckenkodning går inte att avgöra. Spara den som CSV i UTF-8 eller Windows-1252.");
    }

    public void Dispose()
    {
        Reader.Dispose();
        _spool?.Dispose();
    }
}
