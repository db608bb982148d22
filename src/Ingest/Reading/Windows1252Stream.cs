using System.Text;

namespace Survey.Ingest.Reading;

/// <summary>
/// Windows-1252 bytes turned into UTF-8 on the way in, with a table: ASCII runs are copied as they are, so the CSV
/// reader gets its native (SIMD) UTF-8 input instead of transcoding the whole file through UTF-16. The five bytes
/// that Windows-1252 leaves undefined become U+FFFD, which the row checks report.
/// </summary>
internal sealed class Windows1252Stream(Stream inner) : ForwardOnlyStream
{
    private static readonly byte[][] Upper = Enumerable.Range(0x80, 0x80).Select(b =>
    {
        var c = TextSniffer.Windows1252Lenient.GetChars([(byte)b])[0];
        return Encoding.UTF8.GetBytes(TextSniffer.UndefinedIn1252((byte)b) ? "\uFFFD" : c.ToString());
    }).ToArray();

    private readonly byte[] _input = new byte[1 << 16];
    private readonly byte[] _carry = new byte[3];
    private int _carryOffset, _carryLength;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_carryOffset < _carryLength)
        {
            var n = Math.Min(buffer.Length, _carryLength - _carryOffset);
            _carry.AsSpan(_carryOffset, n).CopyTo(buffer);
            _carryOffset += n;
            return n;
        }
        // Every input byte becomes at most three output bytes.
        var read = inner.Read(_input, 0, Math.Clamp(buffer.Length / 3, 1, _input.Length));
        var written = 0;
        var source = _input.AsSpan(0, read);
        while (source.Length > 0)
        {
            var ascii = source.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            var run = ascii < 0 ? source.Length : ascii;
            if (run > 0)
            {
                source[..run].CopyTo(buffer[written..]);
                written += run;
                source = source[run..];
                continue;
            }
            var bytes = Upper[source[0] - 0x80];
            if (written + bytes.Length <= buffer.Length)
            {
                bytes.CopyTo(buffer[written..]);
                written += bytes.Length;
            }
            else
            {
                // Only when the caller asked for fewer than three bytes.
                bytes.CopyTo(_carry);
                (_carryOffset, _carryLength) = (0, bytes.Length);
                var n = buffer.Length - written;
                _carry.AsSpan(0, n).CopyTo(buffer[written..]);
                _carryOffset = n;
                written += n;
            }
            source = source[1..];
        }
        return written;
    }
}
