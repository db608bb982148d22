using System.Text;
using Survey.Ingest.Reading;

namespace Survey.Tests.Ingest.Reading;

public sealed class Windows1252StreamTests
{
    private static string Convert(byte[] input, int bufferSize)
    {
        using var stream = new Windows1252Stream(new MemoryStream(input));
        using var output = new MemoryStream();
        var buffer = new byte[bufferSize];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            output.Write(buffer, 0, n);
        return new UTF8Encoding(false, true).GetString(output.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4096)]
    public void Every_byte_becomes_the_utf8_of_its_windows1252_character_at_any_read_size(int bufferSize)
    {
        var all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var expected = TextSniffer.Windows1252Lenient.GetString(all).ToCharArray();
        foreach (var undefined in new[] { 0x81, 0x8D, 0x8F, 0x90, 0x9D })
            expected[undefined] = '\uFFFD';
        Assert.Equal(new string(expected), Convert(all, bufferSize));
        Assert.Equal("Hälso- och sjukvårdsförvaltningen; Östersund – 2,5 €",
            Convert(TextSniffer.Windows1252.GetBytes("Hälso- och sjukvårdsförvaltningen; Östersund – 2,5 €"), bufferSize));
    }
}
