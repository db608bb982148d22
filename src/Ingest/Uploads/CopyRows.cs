using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;

namespace Survey.Ingest.Uploads;

/// <summary>
/// The rows of a binary COPY (PostgreSQL's COPY BINARY format: a header, then per row its field count and each field
/// as its length, -1 for null, and its bytes in the type's binary form), written as bytes into a buffer sent in
/// 64 KB pieces. Npgsql's importer binds and sizes every field through its general converters, which cost more of a
/// million-row load's client time than parsing the row did (README, Benchmarks). Not completed, it sends the server
/// a CopyFail when disposed, so nothing of a half-written file is kept.
/// </summary>
internal sealed class CopyRows : IAsyncDisposable
{
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    private static readonly long Epoch2000Ticks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private readonly NpgsqlRawCopyStream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _at;
    private bool _completed;

    private CopyRows(NpgsqlRawCopyStream stream)
    {
        _stream = stream;
        Signature.CopyTo(_buffer, 0);
        _at = Signature.Length + 8; // flags and header extension length: zero
    }

    /// <summary>The rows written so far (the server stores them all or fails the COPY).</summary>
    public ulong Rows { get; private set; }

    public static async Task<CopyRows> BeginAsync(NpgsqlConnection connection, string copySql, CancellationToken ct) =>
        new(await connection.BeginRawBinaryCopyAsync(copySql, ct));

    public void StartRow(short fields)
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_at), fields);
        _at += 2;
        Rows++;
    }

    public void Null()
    {
        Room(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), -1);
        _at += 4;
    }

    public void Smallint(short value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        Field(bytes);
    }

    public void Integer(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        Field(bytes);
    }

    public void Bigint(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        Field(bytes);
    }

    public void Boolean(bool value) => Field(value ? [1] : [0]);

    /// <summary>A timestamptz: microseconds since 2000-01-01 UTC.</summary>
    public void TimestampTz(DateTime utc)
    {
        if (utc.Kind != DateTimeKind.Utc)
            throw new ArgumentException("A timestamptz is written from a UTC time.", nameof(utc));
        Bigint((utc.Ticks - Epoch2000Ticks) / TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>A text (or varchar) field, UTF-8.</summary>
    public void Text(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Room(4 + length);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), length);
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_at + 4));
        _at += 4 + length;
    }

    /// <summary>A jsonb field from JSON text: the format version (1), then the text.</summary>
    public void Jsonb(ReadOnlySpan<byte> utf8Json)
    {
        Room(5 + utf8Json.Length);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), 1 + utf8Json.Length);
        _buffer[_at + 4] = 1;
        utf8Json.CopyTo(_buffer.AsSpan(_at + 5));
        _at += 5 + utf8Json.Length;
    }

    private void Field(ReadOnlySpan<byte> bytes)
    {
        Room(4 + bytes.Length);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_at + 4));
        _at += 4 + bytes.Length;
    }

    /// <summary>A smallint[] (array_recv's form: dimensions, whether an element is null, the element type, length and
    /// lower bound, then each element's length, -1 for null, and value).</summary>
    public void Smallints(ReadOnlySpan<short?> values)
    {
        var nulls = 0;
        foreach (var value in values)
            nulls += value is null ? 1 : 0;
        var span = ArrayField(Int2, values.Length, nulls > 0, 6 * (values.Length - nulls) + 4 * nulls);
        foreach (var value in values)
        {
            BinaryPrimitives.WriteInt32BigEndian(span, value is null ? -1 : 2);
            if (value is { } v)
                BinaryPrimitives.WriteInt16BigEndian(span[4..], v);
            span = span[(value is null ? 4 : 6)..];
        }
    }

    /// <summary>A bigint[] without nulls.</summary>
    public void Bigints(ReadOnlySpan<long> values) => EightByteElements(Int8, values);

    /// <summary>A float8[] without nulls (a double's binary form is its 64 bits, big-endian).</summary>
    public void Doubles(ReadOnlySpan<double> values) => EightByteElements(Float8, MemoryMarshal.Cast<double, long>(values));

    private void EightByteElements(int elementType, ReadOnlySpan<long> values)
    {
        var span = ArrayField(elementType, values.Length, false, 12 * values.Length);
        foreach (var value in values)
        {
            BinaryPrimitives.WriteInt32BigEndian(span, 8);
            BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
            span = span[12..];
        }
    }

    /// <summary>A text[] (null elements allowed), UTF-8.</summary>
    public void Texts(IReadOnlyList<string?> values)
    {
        var (nulls, bytes) = (0, 0);
        foreach (var value in values)
            (nulls, bytes) = value is null ? (nulls + 1, bytes + 4) : (nulls, bytes + 4 + Encoding.UTF8.GetByteCount(value));
        var span = ArrayField(TextType, values.Count, nulls > 0, bytes);
        foreach (var value in values)
        {
            if (value is null)
            {
                BinaryPrimitives.WriteInt32BigEndian(span, -1);
                span = span[4..];
                continue;
            }
            var length = Encoding.UTF8.GetBytes(value, span[4..]);
            BinaryPrimitives.WriteInt32BigEndian(span, length);
            span = span[(4 + length)..];
        }
    }

    private const int Int2 = 21, Int8 = 20, Float8 = 701, TextType = 25; // pg_type oids

    /// <summary>Writes a one-dimensional array's field length and header (no dimension when empty, as PostgreSQL
    /// writes '{}'); returns the room for its elements.</summary>
    private Span<byte> ArrayField(int elementType, int length, bool nulls, int elementBytes)
    {
        var header = length == 0 ? 12 : 20;
        Room(4 + header + elementBytes);
        var span = _buffer.AsSpan(_at, 4 + header + elementBytes);
        BinaryPrimitives.WriteInt32BigEndian(span, header + elementBytes);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], length == 0 ? 0 : 1);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], nulls ? 1 : 0);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], elementType);
        if (length > 0)
        {
            BinaryPrimitives.WriteInt32BigEndian(span[16..], length);
            BinaryPrimitives.WriteInt32BigEndian(span[20..], 1);
        }
        _at += 4 + header + elementBytes;
        return span[(4 + header)..];
    }

    /// <summary>Sends the trailer and ends the COPY; a server error (a key twice, say) is thrown here.</summary>
    public async Task<ulong> CompleteAsync(CancellationToken ct)
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_at), -1);
        _at += 2;
        await FlushAsync(ct);
        _completed = true;
        await _stream.DisposeAsync();
        return Rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_completed)
            return;
        _completed = true;
        await _stream.CancelAsync();
        await _stream.DisposeAsync();
    }

    private void Room(int bytes)
    {
        if (_at + bytes <= _buffer.Length)
            return;
        _stream.Write(_buffer, 0, _at);
        _at = 0;
        if (bytes > _buffer.Length) // a free text of more than 64 KB
            _buffer = new byte[(int)BitOperations.RoundUpToPowerOf2((uint)bytes)];
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        await _stream.WriteAsync(_buffer.AsMemory(0, _at), ct);
        _at = 0;
    }
}
