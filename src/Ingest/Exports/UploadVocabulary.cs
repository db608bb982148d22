using Dapper;
using Npgsql;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Exports;

/// <summary>How a column heading names a question; shown in the mapping preview.</summary>
internal enum HeaderMatch
{
    /// <summary>The question's code as the instrument writes it (B_FORV): values may be the instrument's codes.</summary>
    Code,

    /// <summary>The code in a tool's own spelling (LimeSurvey cannot write "_": BFORV).</summary>
    ToolCode,

    Text,
    Alias,

    /// <summary>A statement of a matrix question (Fråga [Påstående], Fråga - Påstående, a statement under a stem).</summary>
    Statement,

    /// <summary>A header alias of the chosen export profile.</summary>
    ProfileAlias,
}

/// <summary>
/// The instrument (<see cref="Survey.Instrument"/>) prepared for matching an export or headcount file of one wave:
/// headers (code, text, alias) and values (code, label, alias) by their normalised form, the questions the wave
/// asks, the administrations (with aliases) and the units as this wave's files have placed them so far, and what
/// this file registers. Built from the instrument as read once for the upload; only the wave's own rows and the
/// export profile are read besides.
/// </summary>
internal sealed class UploadVocabulary
{
    private UploadVocabulary(Instrument instrument, List<Administration> administrations)
    {
        Instrument = instrument;
        Questions = instrument.Questions;
        _administrations = administrations;
        AnswerCount = Questions.Max(q => q.Position ?? 0);
    }

    private readonly List<Administration> _administrations;

    /// <summary>The instrument this is made from.</summary>
    public Instrument Instrument { get; }

    public IReadOnlyList<Question> Questions { get; }

    /// <summary>The administrations (those merged into another included: stored answers keep naming them).</summary>
    public IReadOnlyList<Administration> Administrations => _administrations;

    public int AnswerCount { get; }

    /// <summary>The codes of the questions the wave asks; every question when there is no wave (sample files).</summary>
    public HashSet<string> WaveQuestions { get; private set; } = [];

    /// <summary>Normalised code (also without "_"), question text or alias to the question, and how it names it.</summary>
    public Dictionary<string, (Question Question, HeaderMatch How)> ByHeader { get; } = [];

    /// <summary>Per question: normalised label or alias to the option code (not the codes themselves: a number in a
    /// column is read as the instrument's code only where the file says it uses them, see <see cref="Labels"/>).</summary>
    public Dictionary<string, Dictionary<string, short>> Options { get; } = [];

    /// <summary>Per question: option code to its label as written in the instrument.</summary>
    public Dictionary<string, SortedDictionary<short, string>> Labels { get; } = [];

    /// <summary>Per question: the options as "code label", for messages.</summary>
    public Dictionary<string, List<string>> OptionList { get; } = [];

    /// <summary>Normalised administration code, name or alias to the administration.</summary>
    public Dictionary<string, Administration> AdministrationByName { get; } = [];

    /// <summary>Units known from any wave.</summary>
    private readonly HashSet<string> _knownUnits = new(StringComparer.Ordinal);

    /// <summary>This wave's units and the administration each belongs to in it, as stored and as this file places them.</summary>
    private readonly Dictionary<string, short> _waveUnits = new(StringComparer.Ordinal);

    /// <summary>What this file registers: new administrations (by id) and units, with how many rows name them.</summary>
    public OrganisationClaims Claims { get; } = new();

    public Question? ByKind(string kind) => Questions.FirstOrDefault(q => q.Kind == kind);

    /// <summary>The export profile's header aliases: normalised heading to the question, and whether the column's
    /// values are the instrument's own codes.</summary>
    public Dictionary<string, (Question Question, bool Codes)> ProfileHeaders { get; } = [];

    /// <summary>The export profile's value aliases per question: normalised value to the answer as the instrument
    /// writes it (option code, administration code, number).</summary>
    public Dictionary<string, Dictionary<string, string>> ProfileValues { get; } = [];

    /// <summary>The export profile the instrument was loaded with, if any.</summary>
    public string? Profile { get; private set; }

    /// <summary>
    /// The administration a value names; one never seen before is registered under the name as written (trimmed),
    /// with the id it will get when the upload is stored (the upload holds the organisation lock, see
    /// <see cref="OrganisationRegistry"/>), so rows and respondent keys need no later rewriting.
    /// </summary>
    public Administration ClaimAdministration(string value)
    {
        var text = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var key = Normalise.Label(text);
        if (!AdministrationByName.TryGetValue(key, out var administration))
        {
            var id = (short)(_administrations.Count == 0 ? 1 : _administrations.Max(a => a.Id) + 1);
            administration = new Administration(id, text, text);
            _administrations.Add(administration);
            AdministrationByName[key] = administration;
            Claims.Administrations[id] = (text, 0);
        }
        return administration;
    }

    /// <summary>
    /// The problem when this wave's files already place the unit under another administration; otherwise null, and
    /// the unit is placed under this administration in this wave (in another wave it may belong elsewhere: a
    /// reorganisation). A unit never seen in any wave is registered.
    /// </summary>
    public string? ClaimUnit(string unit, short administration, int weight)
    {
        if (_waveUnits.TryGetValue(unit, out var owner))
        {
            if (Canonical(owner) != Canonical(administration))
                return $"Enheten {unit} hör i den här mätningen till {AdministrationName(owner)}, inte till {AdministrationName(administration)}.";
        }
        else
        {
            _waveUnits[unit] = administration;
            Claims.WaveUnits[unit] = administration;
        }
        if (!_knownUnits.Contains(unit))
            Claims.Units[unit] = Claims.Units.GetValueOrDefault(unit) + weight;
        return null;
    }

    private string AdministrationName(short id) => _administrations.Single(a => a.Id == Canonical(id)).Name;

    /// <summary>Administrations merged into another, and which: one unit may be named under either in a wave.</summary>
    private readonly Dictionary<short, short> _mergedInto = [];

    private short Canonical(short id) => _mergedInto.GetValueOrDefault(id, id);

    /// <summary>The vocabulary of the whole instrument, without a wave (sample files, export profiles).</summary>
    public static async Task<UploadVocabulary> LoadAsync(NpgsqlConnection connection, CancellationToken ct) =>
        await LoadAsync(connection, null, ct);

    /// <summary>The vocabulary for a wave, with the named export profile's aliases when <paramref name="profile"/> is given.</summary>
    public static async Task<UploadVocabulary> LoadAsync(NpgsqlConnection connection, short? waveId, CancellationToken ct, string? profile = null)
    {
        var instrument = await Instrument.LoadAsync(connection, ct);
        var questions = instrument.Questions;
        var vocabulary = new UploadVocabulary(instrument, [.. instrument.Administrations]);
        foreach (var (id, into) in instrument.Merged)
            vocabulary._mergedInto[id] = into;
        vocabulary.WaveQuestions = waveId is null
            ? [.. questions.Select(q => q.Code)]
            : [.. await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT question_code FROM wave_question WHERE wave_id = @waveId", new { waveId }, cancellationToken: ct))];

        foreach (var q in questions)
            vocabulary.ByHeader[Normalise.Header(q.Code)] = (q, HeaderMatch.Code);
        foreach (var q in questions)
            vocabulary.ByHeader.TryAdd(Normalise.Header(q.Text), (q, HeaderMatch.Text));
        foreach (var (alias, code) in instrument.HeaderAliases)
            vocabulary.ByHeader.TryAdd(Normalise.Header(alias), (questions.Single(q => q.Code == code), HeaderMatch.Alias));
        foreach (var q in questions)
            vocabulary.ByHeader.TryAdd(Normalise.Header(q.Code.Replace("_", "")), (q, HeaderMatch.ToolCode));

        foreach (var option in instrument.Options)
        {
            vocabulary.OptionsOf(option.QuestionCode)[Normalise.Label(option.Label)] = option.Code;
            vocabulary.OptionListOf(option.QuestionCode).Add($"{option.Code} {option.Label}");
            if (!vocabulary.Labels.TryGetValue(option.QuestionCode, out var labels))
                vocabulary.Labels[option.QuestionCode] = labels = [];
            labels[option.Code] = option.Label;
        }
        foreach (var (question, alias, code) in instrument.Aliases)
            vocabulary.OptionsOf(question).TryAdd(Normalise.Label(alias), code);

        foreach (var a in instrument.Administrations)
        {
            vocabulary.AdministrationByName[Normalise.Label(a.Code)] = a;
            vocabulary.AdministrationByName[Normalise.Label(a.Name)] = a;
        }
        foreach (var (alias, id) in instrument.AdministrationAliases)
            vocabulary.AdministrationByName.TryAdd(Normalise.Label(alias), instrument.Administrations.Single(a => a.Id == id));
        vocabulary._knownUnits.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT code FROM unit", cancellationToken: ct)));
        if (waveId is not null)
            foreach (var (unit, administration) in await connection.QueryAsync<(string, short)>(new CommandDefinition(
                         "SELECT unit_code, administration_id FROM wave_unit WHERE wave_id = @waveId", new { waveId }, cancellationToken: ct)))
                vocabulary._waveUnits[unit] = administration;
        if (profile is not null)
            await vocabulary.LoadProfileAsync(connection, profile, ct);
        return vocabulary;
    }

    private async Task LoadProfileAsync(NpgsqlConnection connection, string profile, CancellationToken ct)
    {
        var id = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT id FROM export_profile WHERE name = @profile", new { profile }, cancellationToken: ct))
            ?? throw new FileRejected($"Okänd exportprofil: {profile}. Profiler som finns: " +
                                      string.Join(", ", await connection.QueryAsync<string>(new CommandDefinition(
                                          "SELECT name FROM export_profile ORDER BY name", cancellationToken: ct))) + ".");
        Profile = profile;
        foreach (var (heading, code, codes) in await connection.QueryAsync<(string, string, bool)>(new CommandDefinition(
                     "SELECT heading, question_code, codes FROM export_profile_header WHERE profile_id = @id", new { id }, cancellationToken: ct)))
            ProfileHeaders[heading] = (Questions.Single(q => q.Code == code), codes);
        foreach (var (code, value, answer) in await connection.QueryAsync<(string, string, string)>(new CommandDefinition(
                     "SELECT question_code, value, answer FROM export_profile_value WHERE profile_id = @id", new { id }, cancellationToken: ct)))
        {
            if (!ProfileValues.TryGetValue(code, out var values))
                ProfileValues[code] = values = new Dictionary<string, string>(StringComparer.Ordinal);
            values[value] = answer;
        }
    }

    private Dictionary<string, short> OptionsOf(string question) =>
        Options.TryGetValue(question, out var options) ? options : Options[question] = new(StringComparer.Ordinal);

    private List<string> OptionListOf(string question) =>
        OptionList.TryGetValue(question, out var list) ? list : OptionList[question] = [];
}

/// <summary>What one upload brings to the organisation: new administrations and units (with how many answers or
/// employees name them) and every unit's administration in the wave.</summary>
internal sealed class OrganisationClaims
{
    public Dictionary<short, (string Name, long Count)> Administrations { get; } = [];
    public Dictionary<string, long> Units { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, short> WaveUnits { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts a row (or its employees) for its administration when that one is new.</summary>
    public void Count(short administration, long weight)
    {
        if (Administrations.TryGetValue(administration, out var claim))
            Administrations[administration] = (claim.Name, claim.Count + weight);
    }
}
