namespace Survey.Ingest.Reading;

/// <summary>The bytes already read to sniff the format, followed by the rest of the stream.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ForwardOnlyStream
{
    private int _offset;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_offset < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _offset);
            prefix.Span.Slice(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }
        return rest.Read(buffer);
    }
}
