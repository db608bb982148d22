using System.Security.Cryptography;

namespace Survey.Ingest.Reading;

/// <summary>
/// The uploaded bytes as they are read: hashed (SHA-256) and counted on the way, so the file is read once, and
/// refused as soon as it grows past the size limit when its length was not known beforehand.
/// </summary>
internal sealed class ContentStream(Stream inner, long maxBytes, IProgress<long>? progress) : ForwardOnlyStream
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _start = inner.CanSeek ? inner.Position : -1;
    private long _lastReport;
    private string? _hash;

    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Consumed(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var n = await inner.ReadAsync(buffer, ct);
        Consumed(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    private void Consumed(ReadOnlySpan<byte> bytes)
    {
        _sha.AppendData(bytes);
        BytesRead += bytes.Length;
        if (BytesRead > maxBytes)
            throw new FileTooLargeException(maxBytes);
        if (progress is not null && (BytesRead - _lastReport >= 1 << 20 || bytes.Length == 0))
        {
            _lastReport = BytesRead;
            progress.Report(BytesRead);
        }
    }

    /// <summary>Whether the content can be read again from its start (a file, not a network stream).</summary>
    public bool CanRestart => _start >= 0;

    /// <summary>Goes back to the start, to read the content again as if for the first time.</summary>
    public void Restart()
    {
        inner.Position = _start;
        _sha.GetHashAndReset();
        (BytesRead, _lastReport, _hash) = (0, 0, null);
    }

    /// <summary>Reads whatever is left (without parsing it) and returns the file's SHA-256 in lower-case hex.</summary>
    public string FinishHash()
    {
        if (_hash is not null)
            return _hash;
        CopyTo(Null);
        return _hash = Convert.ToHexString(_sha.GetHashAndReset()).ToLowerInvariant();
    }

    protected override void Dispose(bool disposing)
    {
        // The inner stream belongs to the caller.
        if (disposing)
            _sha.Dispose();
        base.Dispose(disposing);
    }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
}

internal sealed class FileTooLargeException(long maxBytes) : Exception($"The file is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
