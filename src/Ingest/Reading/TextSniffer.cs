using System.Text;
using System.Text.Unicode;

namespace Survey.Ingest.Reading;

/// <summary>Decides a CSV's encoding and delimiter from the first bytes of the file.</summary>
internal static class TextSniffer
{
    static TextSniffer() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding Windows1252 => Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    public static Encoding Windows1252Lenient => Encoding.GetEncoding(1252);

    /// <summary>Null when the bytes are not text at all (binary) or fit no encoding we know.</summary>
    public static Encoding? DetectEncoding(ReadOnlySpan<byte> prefix, bool isWholeFile)
    {
        if (prefix.StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
            return StrictUtf8;
        if (prefix.StartsWith((byte[])[0xFF, 0xFE]))
            return Encoding.Unicode;
        if (prefix.StartsWith((byte[])[0xFE, 0xFF]))
            return Encoding.BigEndianUnicode;
        if (LooksBinary(prefix))
            return null;
        if (IsValidUtf8(prefix, isWholeFile))
            return StrictUtf8;
        // Bytes that Windows-1252 leaves undefined: neither UTF-8 nor the old Excel "CSV" encoding.
        foreach (var b in prefix)
            if (UndefinedIn1252(b))
                return null;
        return Windows1252;
    }

    /// <summary>The five bytes Windows-1252 leaves undefined.</summary>
    public static bool UndefinedIn1252(byte b) => b is 0x81 or 0x8D or 0x8F or 0x90 or 0x9D;

    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes, bool isWholeFile)
    {
        if (Utf8.IsValid(bytes))
            return true;
        // The prefix may end inside a multi-byte sequence.
        for (var cut = 1; !isWholeFile && cut <= 3 && cut < bytes.Length; cut++)
            if (Utf8.IsValid(bytes[..^cut]))
                return true;
        return false;
    }

    private static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var control = 0;
        foreach (var b in bytes)
        {
            if (b == 0)
                return true;
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n' and not 0x0C)
                control++;
        }
        return control > 8 + bytes.Length / 1000;
    }

    /// <summary>The delimiter (';', ',' or tab) that splits the most header-like of the first lines into most fields.</summary>
    public static char DetectDelimiter(string prefix)
    {
        char[] candidates = [';', ',', '\t'];
        var best = ',';
        var bestCount = 0;
        foreach (var line in FirstLines(prefix, 30))
            foreach (var candidate in candidates)
            {
                var count = CountOutsideQuotes(line, candidate);
                if (count > bestCount)
                    (best, bestCount) = (candidate, count);
            }
        return best;
    }

    private static IEnumerable<string> FirstLines(string text, int max)
    {
        using var reader = new StringReader(text);
        for (var i = 0; i < max && reader.ReadLine() is { } line; i++)
            yield return line;
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == delimiter && !quoted)
                count++;
        }
        return count;
    }
}
