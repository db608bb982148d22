using System.Net.Sockets;
using Npgsql;

namespace Survey;

/// <summary>
/// A fault of the machine rather than of the product or the user: the database cannot be reached, or the connection
/// to it was lost. Said in words (Swedish: administrators read it) instead of an exception's name; every write
/// runs in one transaction, so a lost connection has stored nothing.
/// </summary>
public static class DatabaseFault
{
    public const string Lost = "Anslutningen till databasen bröts. Ingenting sparades. Försök igen när databasen är tillbaka.";
    public const string Unreachable = "Databasen går inte att nå. Ingenting sparades. Försök igen när databasen är igång.";
    public const string Stopping = "Databasen stängs av eller startar om. Ingenting sparades. Försök igen om en stund.";

    /// <summary>The fault in words, or null when the exception is not a database outage.</summary>
    public static string? Describe(Exception e)
    {
        if (Chain(e).OfType<PostgresException>().FirstOrDefault() is { } answered)
            return answered.SqlState switch
            {
                // admin_shutdown, crash_shutdown, cannot_connect_now
                "57P01" or "57P02" or "57P03" => Stopping,
                // connection_exception
                var state when state.StartsWith("08", StringComparison.Ordinal) => Lost,
                // the server answered: a fault of the product, not of the connection
                _ => null,
            };
        if (Chain(e).OfType<NpgsqlException>().FirstOrDefault() is not { } npgsql)
            return null;
        var causes = Chain(npgsql).Skip(1).ToList();
        if (causes.OfType<SocketException>().Any(s => s.SocketErrorCode is SocketError.ConnectionRefused
                or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable))
            return Unreachable;
        return causes.Any(c => c is IOException or SocketException or TimeoutException) ? Lost : null;
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            yield return inner;
    }
}
