using Dapper;
using Npgsql;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Catalogue;

internal sealed record AdministrationRow(short Id, string Code, string Name, short? MergedInto, string[] Aliases)
{
    // Dapper needs a parameterless path for text[]; this constructor is it.
    public AdministrationRow() : this(0, "", "", null, []) { }
}

internal sealed record WaveUnitRow(string Administration, string Unit, long Respondents, long? Employees);

/// <summary>A refused organisation change, with the field it belongs to (administration, name, code, alias, from,
/// into, wave, unit, to), so that the page shows it beside that field; the CLI prints the message.</summary>
internal sealed class OrganisationRejected(string field, string message) : UserError(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// The organisation as administrators mend it: rename an administration (its former name stays an alias, so old
/// files still mean the same), give it aliases (the HR system's code, a short name), and merge one into another (a
/// misspelling, or a real merger). Stored answers keep the administration they were given; reports count a merged
/// one under the administration it was merged into, in every wave, so trend rows line up. Every change takes the
/// organisation lock that uploads registering administrations hold.
/// </summary>
internal static class Organisation
{
    public const int MaxName = 100;

    public static async Task<IReadOnlyList<AdministrationRow>> AdministrationsAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<AdministrationRow>(new CommandDefinition("""
            SELECT a.id, a.code, a.name, a.merged_into AS MergedInto,
                   coalesce(array_agg(al.alias ORDER BY al.alias) FILTER (WHERE al.alias IS NOT NULL), '{}') AS Aliases
            FROM administration a LEFT JOIN administration_alias al ON al.administration_id = a.id
            GROUP BY a.id ORDER BY a.merged_into IS NOT NULL, a.name
            """, cancellationToken: ct))).ToList();

    /// <summary>A wave's units under the administration each has in it (merges applied), with respondents and headcount.</summary>
    public static async Task<IReadOnlyList<WaveUnitRow>> WaveUnitsAsync(NpgsqlConnection connection, string waveCode, CancellationToken ct)
    {
        var waveId = await connection.QuerySingleOrDefaultAsync<short?>(new CommandDefinition(
            "SELECT id FROM wave WHERE code = @waveCode", new { waveCode }, cancellationToken: ct))
            ?? throw new UserError(await Waves.UnknownAsync(connection, waveCode, ct));
        return (await connection.QueryAsync<WaveUnitRow>(new CommandDefinition("""
            SELECT coalesce(m.name, a.name) AS Administration, wu.unit_code AS Unit,
                   (SELECT count(*) FROM respondent r WHERE r.wave_id = wu.wave_id AND r.unit_code = wu.unit_code) AS Respondents,
                   (SELECT h.employees::bigint FROM headcount h WHERE h.wave_id = wu.wave_id AND h.unit_code = wu.unit_code) AS Employees
            FROM wave_unit wu JOIN administration a ON a.id = wu.administration_id LEFT JOIN administration m ON m.id = a.merged_into
            WHERE wu.wave_id = @waveId ORDER BY 1, 2
            """, new { waveId }, cancellationToken: ct))).ToList();
    }

    public static async Task<AdministrationRow> RenameAsync(NpgsqlDataSource db, string administration, string? name, string? code,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, ct);
        var current = await FindAsync(connection, administration, ct);
        if (Clean(name) is null && Clean(code) is null)
            throw new OrganisationRejected("name", "Ange ett nytt namn eller en ny kod.");
        var newName = Clean(name) ?? current.Name;
        var newCode = Clean(code) ?? current.Code;
        foreach (var (field, value) in new[] { ("name", newName), ("code", newCode) })
        {
            if (value.Length > MaxName)
                throw new OrganisationRejected(field, $"Namn och kod får vara högst {MaxName} tecken.");
            if (await OwnerAsync(connection, value, ct) is { } owner && owner != current.Id)
                throw new OrganisationRejected(field, $"\"{value}\" är redan namn, kod eller alias för en annan förvaltning.");
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE administration SET name = @newName, code = @newCode WHERE id = @Id",
            new { newName, newCode, current.Id }, cancellationToken: ct));
        // The former spellings stay, so files written before the change still name this administration.
        foreach (var former in new[] { current.Name, current.Code })
            await AddAliasAsync(connection, current.Id, former, ct);
        await transaction.CommitAsync(ct);
        return await FindAsync(connection, newName, ct);
    }

    public static async Task<AdministrationRow> AliasAsync(NpgsqlDataSource db, string administration, string alias, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, ct);
        var current = await FindAsync(connection, administration, ct);
        var text = Clean(alias) ?? throw new OrganisationRejected("alias", "Ange ett alias.");
        if (text.Length > MaxName)
            throw new OrganisationRejected("alias", $"Ett alias får vara högst {MaxName} tecken.");
        if (await OwnerAsync(connection, text, ct) is { } owner && owner != current.Id)
            throw new OrganisationRejected("alias", $"\"{text}\" är redan namn, kod eller alias för en annan förvaltning.");
        await AddAliasAsync(connection, current.Id, text, ct);
        await transaction.CommitAsync(ct);
        return await FindAsync(connection, current.Name, ct);
    }

    /// <summary>Merges <paramref name="from"/> into <paramref name="into"/>; what was merged into the first follows.</summary>
    public static async Task<(AdministrationRow From, AdministrationRow Into)> MergeAsync(NpgsqlDataSource db, string from, string into,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, ct);
        var source = await FindAsync(connection, from, ct, "from");
        var target = await FindAsync(connection, into, ct, "into");
        if (target.MergedInto is { } canonical)
            target = (await AdministrationsAsync(connection, ct)).Single(a => a.Id == canonical);
        if (source.Id == target.Id)
            throw new OrganisationRejected("into", $"{source.Name} och {target.Name} är redan samma förvaltning.");
        if (source.MergedInto is not null)
            throw new OrganisationRejected("from", $"{source.Name} är redan sammanslagen med en annan förvaltning.");
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE administration SET merged_into = @target WHERE id = @source OR merged_into = @source",
            new { source = source.Id, target = target.Id }, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (await FindAsync(connection, source.Name, ct), target);
    }

    public sealed record UnitMove(string Unit, string Wave, string From, string To, int Respondents, int Headcount)
    {
        public string Message => $"Enheten {Unit} hör nu till {To} i {Wave}, inte till {From}: {Respondents} svar" +
                                 (Headcount > 0 ? " och personalunderlaget" : "") + " räknas där.";
    }

    /// <summary>
    /// Moves a unit that a wave's files placed under the wrong administration (a misfiled unit) to another, in that
    /// wave only: its place in the wave, its respondents' administration and its headcount row. Other waves keep theirs.
    /// Afterwards the corrected file loads, and one that still names the old administration is a row problem.
    /// </summary>
    public static async Task<UnitMove> MoveUnitAsync(NpgsqlDataSource db, string waveCode, string unit, string to, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, ct);
        var wave = await connection.QuerySingleOrDefaultAsync<(short Id, string Code)?>(new CommandDefinition(
            "SELECT id, code FROM wave WHERE code = @code", new { code = waveCode.Trim() }, cancellationToken: ct))
            ?? throw new OrganisationRejected("wave", await Waves.UnknownAsync(connection, waveCode, ct));
        var placed = await connection.QuerySingleOrDefaultAsync<(string Unit, short Administration)?>(new CommandDefinition("""
            SELECT unit_code, administration_id FROM wave_unit WHERE wave_id = @Id AND lower(unit_code) = lower(@unit)
            ORDER BY unit_code = @unit DESC LIMIT 1
            """, new { wave.Id, unit = unit.Trim() }, cancellationToken: ct))
            ?? throw new OrganisationRejected("unit", $"Enheten {unit.Trim()} finns inte i {wave.Code}.");
        var all = await AdministrationsAsync(connection, ct);
        var target = await FindAsync(connection, to, ct, "to");
        if (target.MergedInto is { } canonical)
            target = all.Single(a => a.Id == canonical);
        var from = all.Single(a => a.Id == placed.Administration);
        if ((from.MergedInto ?? from.Id) == target.Id)
            throw new OrganisationRejected("to", $"Enheten {placed.Unit} hör redan till {target.Name} i {wave.Code}.");
        var moved = new { wave.Id, unit = placed.Unit, target = target.Id };
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE wave_unit SET administration_id = @target WHERE wave_id = @Id AND unit_code = @unit", moved, cancellationToken: ct));
        var headcount = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE headcount SET administration_id = @target WHERE wave_id = @Id AND unit_code = @unit", moved, cancellationToken: ct));
        var respondents = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE respondent SET answers[(SELECT position FROM question WHERE kind = 'administration')] = @target
            WHERE wave_id = @Id AND unit_code = @unit
            """, moved, cancellationToken: ct, commandTimeout: 0));
        await transaction.CommitAsync(ct);
        return new UnitMove(placed.Unit, wave.Code, from.Name, target.Name, respondents, headcount);
    }

    /// <summary>An administration by code, name or alias (as uploads match them), or a user error listing them.</summary>
    public static async Task<AdministrationRow> FindAsync(NpgsqlConnection connection, string text, CancellationToken ct,
        string field = "administration")
    {
        var all = await AdministrationsAsync(connection, ct);
        var key = Normalise.Label(text);
        return all.FirstOrDefault(a => Normalise.Label(a.Code) == key || Normalise.Label(a.Name) == key)
               ?? all.FirstOrDefault(a => a.Aliases.Contains(key))
               ?? throw new OrganisationRejected(field, $"Okänd förvaltning: {text}. Förvaltningar som finns: " +
                                      string.Join(", ", all.Where(a => a.MergedInto is null).Select(a => a.Name)) + ".");
    }

    private static async Task<short?> OwnerAsync(NpgsqlConnection connection, string text, CancellationToken ct)
    {
        var key = Normalise.Label(text);
        var all = await AdministrationsAsync(connection, ct);
        return all.FirstOrDefault(a => Normalise.Label(a.Code) == key || Normalise.Label(a.Name) == key || a.Aliases.Contains(key))?.Id;
    }

    private static Task AddAliasAsync(NpgsqlConnection connection, short id, string alias, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO administration_alias (alias, administration_id) VALUES (@alias, @id) ON CONFLICT (alias) DO NOTHING",
            new { alias = Normalise.Label(alias), id }, cancellationToken: ct));

    private static string? Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static Task LockAsync(NpgsqlConnection connection, CancellationToken ct) =>
        Exports.OrganisationRegistry.LockAsync(connection, ct);
}
