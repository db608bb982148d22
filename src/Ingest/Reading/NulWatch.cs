namespace Survey.Ingest.Reading;

/// <summary>
/// Passes a CSV file's bytes through and notes whether any was NUL, so that the reader looks for the field holding it
/// (a NUL cannot be stored in text) only in a file that has one: the check of every field of every row was a few
/// percent of a million-row load. The CSV reader reads ahead, so a row's bytes have passed here before it is parsed.
/// </summary>
internal sealed class NulWatch(Stream inner) : ForwardOnlyStream
{
    public bool Seen { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Seen |= buffer[..read].Contains((byte)0);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Seen |= buffer.Span[..read].Contains((byte)0);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}
