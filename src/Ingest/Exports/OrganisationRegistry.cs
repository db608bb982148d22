using Dapper;
using Npgsql;

namespace Survey.Ingest.Exports;

/// <summary>
/// Registers what an upload's files bring to the organisation: new administrations (with the ids the rows were
/// given while reading), new units, and each unit's administration in the wave. Uploads that may register take
/// the organisation lock first (<see cref="LockAsync"/>), for their whole transaction, so the ids handed out while
/// reading are still free when the upload is stored.
/// </summary>
internal static class OrganisationRegistry
{
    // (1611): one upload at a time may register administrations (Ingest's wave lock is 1610, Reports' 1620).
    private const int OrganisationLock = 1611;

    public static Task LockAsync(NpgsqlConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_xact_lock({OrganisationLock})",
            cancellationToken: ct, commandTimeout: 0));

    public static async Task RegisterAsync(NpgsqlConnection connection, UploadVocabulary instrument, short waveId, CancellationToken ct)
    {
        var claims = instrument.Claims;
        var administrations = claims.Administrations.Where(a => a.Value.Count > 0 || claims.WaveUnits.ContainsValue(a.Key)).ToList();
        if (administrations.Count > 0)
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO administration (id, code, name) OVERRIDING SYSTEM VALUE
                SELECT * FROM unnest(@ids, @names, @names);
                SELECT setval(pg_get_serial_sequence('administration', 'id'), (SELECT max(id) FROM administration));
                """, new { ids = administrations.Select(a => a.Key).ToArray(), names = administrations.Select(a => a.Value.Name).ToArray() },
                cancellationToken: ct));
        if (claims.WaveUnits.Count == 0)
            return;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO unit (code, administration_id) SELECT * FROM unnest(@codes, @administrations) ON CONFLICT (code) DO NOTHING;
            INSERT INTO wave_unit (wave_id, unit_code, administration_id)
            SELECT @waveId, * FROM unnest(@codes, @administrations) ON CONFLICT (wave_id, unit_code) DO NOTHING;
            """, new { waveId, codes = claims.WaveUnits.Keys.ToArray(), administrations = claims.WaveUnits.Values.ToArray() },
            cancellationToken: ct));
    }
}
