using Dapper;
using Npgsql;
using Survey.Ingest.Exports;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Profiles;

/// <summary>
/// Export profiles: per survey tool, the header aliases (this heading holds that question; optionally, its values
/// are the instrument's own codes) and value aliases (this tool's value means that answer) that its files need.
/// The mapping step of the upload page and <c>survey profile</c> both save here; ingest reads a file with one.
/// </summary>
internal static class ExportProfiles
{
    public static async Task<IReadOnlyList<string>> NamesAsync(NpgsqlConnection connection, CancellationToken ct) =>
        [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM export_profile ORDER BY name", cancellationToken: ct))];

    /// <summary>A profile's aliases in words: "rubrik" → question (with codes), question "value" → answer.</summary>
    public static async Task<IReadOnlyList<string>> DescribeAsync(NpgsqlConnection connection, string profile, CancellationToken ct)
    {
        var id = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT id FROM export_profile WHERE name = @profile", new { profile = profile.Trim() }, cancellationToken: ct))
            ?? throw new UserError($"Okänd exportprofil: {profile}. Profiler som finns: {string.Join(", ", await NamesAsync(connection, ct))}.");
        var headers = await connection.QueryAsync<(string Heading, string Code, bool Codes)>(new CommandDefinition(
            "SELECT heading, question_code, codes FROM export_profile_header WHERE profile_id = @id ORDER BY heading",
            new { id }, cancellationToken: ct));
        var values = await connection.QueryAsync<(string Code, string Value, string Answer)>(new CommandDefinition("""
            SELECT v.question_code, v.value, v.answer FROM export_profile_value v JOIN question q ON q.code = v.question_code
            WHERE v.profile_id = @id ORDER BY q.sort, length(v.value), v.value
            """, new { id }, cancellationToken: ct));
        return
        [
            .. headers.Select(h => $"rubrik \"{h.Heading}\" är {h.Code}{(h.Codes ? " (instrumentets koder)" : "")}"),
            .. values.Select(v => $"{v.Code} \"{v.Value}\" betyder {v.Answer}"),
        ];
    }

    /// <summary>A header alias: <paramref name="heading"/> (as the export writes it) holds <paramref name="question"/>.</summary>
    public static async Task AddHeaderAsync(NpgsqlConnection connection, string profile, string heading, string question,
        bool codes, CancellationToken ct)
    {
        var instrument = await UploadVocabulary.LoadAsync(connection, ct);
        var q = Question(instrument, question);
        var key = Normalise.Header(heading);
        if (key.Length == 0)
            throw new UserError("Rubriken är tom.");
        var id = await EnsureAsync(connection, profile, ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO export_profile_header (profile_id, heading, question_code, codes) VALUES (@id, @key, @code, @codes)
            ON CONFLICT (profile_id, heading) DO UPDATE SET question_code = excluded.question_code, codes = excluded.codes
            """, new { id, key, code = q.Code, codes }, cancellationToken: ct));
    }

    /// <summary>A value alias: <paramref name="value"/> in this tool's export of <paramref name="question"/> means
    /// <paramref name="answer"/>, written as the instrument writes it (option code or label, administration, number).</summary>
    public static async Task AddValueAsync(NpgsqlConnection connection, string profile, string question, string value,
        string answer, CancellationToken ct)
    {
        var instrument = await UploadVocabulary.LoadAsync(connection, ct);
        var q = Question(instrument, question);
        var key = Normalise.Label(value);
        if (key.Length == 0)
            throw new UserError("Värdet är tomt.");
        if (!new AnswerParser(instrument).TryParse(q, answer, out var parsed, out var error) || parsed is null)
            throw new UserError(error ?? "Svaret är tomt.");
        // Stored as the instrument's code (or number), so the alias reads the same whatever the label becomes.
        var canonical = q.Kind switch
        {
            "administration" => instrument.Administrations.Single(a => a.Id == parsed).Code,
            "number" => (parsed.Value / (decimal)q.Scale).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
            _ => parsed.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var id = await EnsureAsync(connection, profile, ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO export_profile_value (profile_id, question_code, value, answer) VALUES (@id, @code, @key, @canonical)
            ON CONFLICT (profile_id, question_code, value) DO UPDATE SET answer = excluded.answer
            """, new { id, code = q.Code, key, canonical }, cancellationToken: ct));
    }

    /// <summary>
    /// Removes a profile with its aliases, refused while an upload waits to be read with it. Uploads finished with
    /// it keep their results. Returns what was removed, in words, for the audit log.
    /// </summary>
    public static async Task<string> RemoveAsync(NpgsqlConnection connection, string profile, CancellationToken ct)
    {
        var name = profile.Trim();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT id FROM export_profile WHERE name = @name FOR UPDATE", new { name }, transaction, cancellationToken: ct))
            ?? throw new UserError($"Okänd exportprofil: {name}. Profiler som finns: {string.Join(", ", await NamesAsync(connection, ct))}.");
        var pending = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT file_name FROM upload WHERE profile_id = @id AND status = 'pending' ORDER BY id",
            new { id }, transaction, cancellationToken: ct));
        if (pending.Any())
            throw new UserError($"Exportprofilen \"{name}\" används av en uppladdning som ännu inte är inläst " +
                                $"({string.Join(", ", pending)}). Ta bort den när uppladdningen är klar.");
        var (headers, values) = await connection.QuerySingleAsync<(int, int)>(new CommandDefinition("""
            SELECT (SELECT count(*)::int FROM export_profile_header WHERE profile_id = @id),
                   (SELECT count(*)::int FROM export_profile_value WHERE profile_id = @id)
            """, new { id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM export_profile WHERE id = @id", new { id }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return $"Borttagen exportprofil \"{name}\" med {headers} rubrikalias och {values} värdealias.";
    }

    private static async Task<int> EnsureAsync(NpgsqlConnection connection, string profile, CancellationToken ct)
    {
        var name = profile.Trim();
        if (name.Length == 0)
            throw new UserError("Ge exportprofilen ett namn, t.ex. \"Qualtrics, sifferkoder\".");
        return await connection.QuerySingleAsync<int>(new CommandDefinition("""
            WITH created AS (INSERT INTO export_profile (name) VALUES (@name) ON CONFLICT (name) DO NOTHING RETURNING id)
            SELECT id FROM created UNION ALL SELECT id FROM export_profile WHERE name = @name LIMIT 1
            """, new { name }, cancellationToken: ct));
    }

    private static Question Question(UploadVocabulary instrument, string code) =>
        instrument.Questions.SingleOrDefault(q => string.Equals(q.Code, code.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UserError($"Okänd fråga: {code}. Frågor: {string.Join(", ", instrument.Questions.Select(q => q.Code))}.");
}
