using Dapper;
using Npgsql;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Exports;

internal sealed record Question(string Code, short? Position, string Text, string Kind, decimal? MinValue,
    decimal? MaxValue, decimal? Step, short Scale);

internal sealed record Administration(short Id, string Code, string Name);

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
/// The instrument as the database holds it, prepared for matching an export: headers (code, text, alias) and
/// values (code, label, alias) by their normalised form; administrations and known units.
/// </summary>
internal sealed class Instrument
{
    private Instrument(IReadOnlyList<Question> questions, IReadOnlyList<Administration> administrations)
    {
        Questions = questions;
        Administrations = administrations;
        AnswerCount = questions.Max(q => q.Position ?? 0);
    }

    public IReadOnlyList<Question> Questions { get; }
    public IReadOnlyList<Administration> Administrations { get; }
    public int AnswerCount { get; }

    /// <summary>Normalised code (also without "_"), question text or alias to the question, and how it names it.</summary>
    public Dictionary<string, (Question Question, HeaderMatch How)> ByHeader { get; } = [];

    /// <summary>Per question: normalised label or alias to the option code (not the codes themselves: a number in a
    /// column is read as the instrument's code only where the file says it uses them, see <see cref="Labels"/>).</summary>
    public Dictionary<string, Dictionary<string, short>> Options { get; } = [];

    /// <summary>Per question: option code to its label as written in the instrument.</summary>
    public Dictionary<string, SortedDictionary<short, string>> Labels { get; } = [];

    /// <summary>Per question: the options as "code label", for messages.</summary>
    public Dictionary<string, List<string>> OptionList { get; } = [];

    /// <summary>Normalised administration code or name to the administration.</summary>
    public Dictionary<string, Administration> AdministrationByName { get; } = [];

    /// <summary>Known units and the administration each belongs to.</summary>
    public Dictionary<string, short> Units { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The problem when the unit already belongs to another administration (exports and headcount files must agree
    /// with what is stored and with themselves); otherwise null, and a unit not seen before is taken to belong to
    /// this administration from now on and added to <paramref name="newUnits"/>, for the upload to register.
    /// </summary>
    public string? ClaimUnit(string unit, short administration, IDictionary<string, short> newUnits)
    {
        if (Units.TryGetValue(unit, out var owner))
            return owner == administration ? null
                : $"Enheten {unit} hör till {AdministrationName(owner)}, inte till {AdministrationName(administration)}.";
        Units[unit] = administration;
        newUnits[unit] = administration;
        return null;
    }

    private string AdministrationName(short id) => Administrations.Single(a => a.Id == id).Name;

    public static async Task<Instrument> LoadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var questions = (await connection.QueryAsync<Question>(new CommandDefinition(
            """
            SELECT code, position, text, kind, min_value AS MinValue, max_value AS MaxValue, step, scale
            FROM question ORDER BY sort
            """, cancellationToken: ct))).ToList();
        var administrations = (await connection.QueryAsync<Administration>(new CommandDefinition(
            "SELECT id, code, name FROM administration ORDER BY id", cancellationToken: ct))).ToList();
        var instrument = new Instrument(questions, administrations);

        foreach (var q in questions)
            instrument.ByHeader[Normalise.Header(q.Code)] = (q, HeaderMatch.Code);
        foreach (var q in questions)
            instrument.ByHeader.TryAdd(Normalise.Header(q.Text), (q, HeaderMatch.Text));
        foreach (var (alias, code) in await connection.QueryAsync<(string, string)>(new CommandDefinition(
                     "SELECT alias, question_code FROM question_alias", cancellationToken: ct)))
            instrument.ByHeader.TryAdd(Normalise.Header(alias), (questions.Single(q => q.Code == code), HeaderMatch.Alias));
        foreach (var q in questions)
            instrument.ByHeader.TryAdd(Normalise.Header(q.Code.Replace("_", "")), (q, HeaderMatch.ToolCode));

        foreach (var (question, code, label) in await connection.QueryAsync<(string, short, string)>(new CommandDefinition(
                     "SELECT question_code, code, label FROM answer_option ORDER BY question_code, code", cancellationToken: ct)))
        {
            instrument.OptionsOf(question)[Normalise.Label(label)] = code;
            instrument.OptionListOf(question).Add($"{code} {label}");
            if (!instrument.Labels.TryGetValue(question, out var labels))
                instrument.Labels[question] = labels = [];
            labels[code] = label;
        }
        foreach (var (question, alias, code) in await connection.QueryAsync<(string, string, short)>(new CommandDefinition(
                     "SELECT question_code, alias, code FROM answer_alias", cancellationToken: ct)))
            instrument.OptionsOf(question).TryAdd(Normalise.Label(alias), code);

        foreach (var a in administrations)
        {
            instrument.AdministrationByName[Normalise.Label(a.Code)] = a;
            instrument.AdministrationByName[Normalise.Label(a.Name)] = a;
        }
        foreach (var (unit, administration) in await connection.QueryAsync<(string, short)>(new CommandDefinition(
                     "SELECT code, administration_id FROM unit", cancellationToken: ct)))
            instrument.Units[unit] = administration;
        return instrument;
    }

    private Dictionary<string, short> OptionsOf(string question) =>
        Options.TryGetValue(question, out var options) ? options : Options[question] = new(StringComparer.Ordinal);

    private List<string> OptionListOf(string question) =>
        OptionList.TryGetValue(question, out var list) ? list : OptionList[question] = [];
}
