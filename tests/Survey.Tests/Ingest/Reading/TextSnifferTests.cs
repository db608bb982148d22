using System.Text;
using Survey.Ingest.Reading;

namespace Survey.Tests.Ingest.Reading;

public sealed class TextSnifferTests
{
    [Theory]
    [InlineData("a;b;c\n1;2;3\n", ';')]
    [InlineData("a,b,c\n1,2,3\n", ',')]
    [InlineData("a\tb\tc\n1\t2\t3\n", '\t')]
    [InlineData("Enkät V16\n\nB_FORV;\"Hej, du\";B_KON\nRS;x;1\n", ';')]
    [InlineData("\"a;1\",b,c\n", ',')]
    public void The_separator_is_the_one_that_splits_the_header_most(string text, char expected) =>
        Assert.Equal(expected, TextSniffer.DetectDelimiter(text));

    [Fact]
    public void Encodings_are_told_apart_by_their_bytes()
    {
        Assert.Equal(TextSniffer.StrictUtf8, TextSniffer.DetectEncoding("Kön;Åre"u8, true));
        Assert.Equal(TextSniffer.StrictUtf8, TextSniffer.DetectEncoding([0xEF, 0xBB, 0xBF, (byte)'a'], true));
        Assert.Equal(1252, TextSniffer.DetectEncoding(TextSniffer.Windows1252.GetBytes("Kön;Åre"), true)!.CodePage);
        Assert.Null(TextSniffer.DetectEncoding([(byte)'a', 0, (byte)'b'], true));
        // A prefix cut inside a two-byte character is still UTF-8.
        Assert.Equal(TextSniffer.StrictUtf8, TextSniffer.DetectEncoding(Encoding.UTF8.GetBytes("abcö")[..^1], false));
    }

    [Theory]
    [InlineData("12. Kön", "kön")]
    [InlineData("  \"Kön\" ", "kön")]
    [InlineData("Q3) ÅLDERSGRUPP", "åldersgrupp")]
    [InlineData("Är\u00A0du  chef?", "är du chef?")]
    [InlineData("B_FORV", "b_forv")]
    public void Headers_are_compared_without_case_quotes_odd_spaces_and_numbers(string header, string expected) =>
        Assert.Equal(expected, Normalise.Header(header));

    [Fact]
    public void Values_keep_their_numbers() => Assert.Equal("30-49 år", Normalise.Label(" 30-49\u00A0År "));
}
