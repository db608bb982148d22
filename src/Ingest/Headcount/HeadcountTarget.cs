using Npgsql;
using Survey.Ingest.Exports;
using Survey.Ingest.Reading;
using Survey.Ingest.Uploads;

namespace Survey.Ingest.Headcount;

/// <summary>
/// Headcount per unit on the wave's reference date (unit, administration, employees, optionally women and men),
/// the denominator of the response rate. Administrations and units not yet known are registered; a unit's administration
/// is the one it has in this wave.
/// </summary>
internal sealed class HeadcountTarget(UploadVocabulary instrument) : IUploadTarget
{
    private const int Unit = 0, Administration = 1, Employees = 2, Women = 3, Men = 4;
    private const string CountMessage = "Ogiltigt antal: ska vara ett heltal, 0 eller större.";

    private readonly NamedColumns _columns = new(
        new("Enhet", true, [.. HeadersOf(instrument, "unit"), "enhet", "enhetskod", "unit", "unit code"]),
        new("Förvaltning", true, [.. HeadersOf(instrument, "administration"), "förvaltning", "administration"]),
        new("Antal anställda", true, "antal anställda", "anställda", "antal", "antal medarbetare", "medarbetare", "employees", "headcount"),
        new("Kvinnor", false, "kvinnor", "antal kvinnor", "women"),
        new("Män", false, "män", "antal män", "men"));

    private readonly AnswerParser _parser = new(instrument);
    private readonly Dictionary<string, long> _firstLine = new(StringComparer.Ordinal);

    public int MinimumRecognised => 3;

    public OrganisationClaims Claims => instrument.Claims;

    public string StageSql => """
        CREATE TEMP TABLE stage_headcount (line bigint, unit_code text, administration_id smallint, employees int,
            women int, men int) ON COMMIT DROP
        """;

    public string CopySql => "COPY stage_headcount FROM STDIN (FORMAT BINARY)";

    private static IEnumerable<string> HeadersOf(UploadVocabulary instrument, string kind) =>
        instrument.ByHeader.Where(h => h.Value.Question.Kind == kind && h.Value.How != HeaderMatch.ToolCode).Select(h => h.Key);

    public int Recognise(IReadOnlyList<string> cells) => _columns.Recognise(cells);

    public IReadOnlyList<string> MapHeader(IReadOnlyList<string[]> rows) => _columns.Map(rows[0]);

    public bool WriteRow(ITableReader record, CopyRows copy, ProblemList problems, bool skipInvalidRows)
    {
        var before = problems.Total;
        var line = record.Line;
        string Raw(int column) => _columns.Raw(record, column);
        void Problem(int column, string message) => _columns.Problem(problems, record, column, message);

        var unit = Raw(Unit).Trim();
        if (unit.Length == 0)
            Problem(Unit, "Enhet saknas.");
        short administration = 0;
        var forv = instrument.ByKind("administration")!;
        if (Raw(Administration).Trim().Length == 0)
            Problem(Administration, "Förvaltning saknas.");
        else if (!_parser.TryParse(forv, Raw(Administration), out var id, out var error))
            Problem(Administration, error!);
        else
            administration = id!.Value;
        int? Count(int column, bool required)
        {
            if (!_columns.Has(column) || (!required && Raw(column).Trim().Length == 0))
                return null;
            if (Numbers.TryParseCount(Raw(column), out var n))
                return n;
            Problem(column, CountMessage);
            return null;
        }
        var employees = Count(Employees, true);
        var women = Count(Women, false);
        var men = Count(Men, false);
        if (employees is { } e && (women ?? 0) + (men ?? 0) > e)
            Problem(Employees, "Kvinnor och män är fler än antalet anställda.");
        if (unit.Length > 0 && _firstLine.TryGetValue(unit, out var first))
            Problem(Unit, $"Enheten {unit} förekommer flera gånger i filen (första gången på rad {first}).");
        else if (unit.Length > 0)
            _firstLine[unit] = line;
        if (problems.Total == before && administration != 0)
        {
            if (instrument.ClaimUnit(unit, administration, employees ?? 0) is { } conflict)
                Problem(Unit, conflict);
        }
        if (problems.Total != before && skipInvalidRows)
            return false;
        instrument.Claims.Count(administration, employees ?? 0);

        copy.StartRow(6);
        copy.Bigint(line);
        copy.Text(unit);
        copy.Smallint(administration);
        copy.Integer(employees ?? 0);
        if (women is { } w) copy.Integer(w); else copy.Null();
        if (men is { } m) copy.Integer(m); else copy.Null();
        return true;
    }


    public async Task<StoreCounts> StoreAsync(NpgsqlConnection connection, StoreContext context, CancellationToken ct)
    {
        if (context.Rejected)
            return new StoreCounts(0, 0, 0);
        await OrganisationRegistry.RegisterAsync(connection, instrument, context.WaveId!.Value, ct);
        return await UpsertCounts.RunAsync(connection, """
            INSERT INTO headcount AS h (wave_id, unit_code, administration_id, employees, women, men, upload_id)
            SELECT @wave, unit_code, administration_id, employees, women, men, @upload FROM stage_headcount
            ON CONFLICT (wave_id, unit_code) DO UPDATE
            SET administration_id = EXCLUDED.administration_id, employees = EXCLUDED.employees, women = EXCLUDED.women,
                men = EXCLUDED.men, upload_id = EXCLUDED.upload_id
            WHERE (h.administration_id, h.employees, h.women, h.men)
                  IS DISTINCT FROM (EXCLUDED.administration_id, EXCLUDED.employees, EXCLUDED.women, EXCLUDED.men)
            RETURNING xmax = 0 AS inserted
            """, new { wave = context.WaveId, upload = context.UploadId }, context.Staged, ct);
    }
}
