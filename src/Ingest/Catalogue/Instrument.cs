using Dapper;
using Npgsql;

namespace Survey;

/// <summary>A question as the instrument holds it. Position is its index in respondent.answers; free-text questions
/// and the unit have none (they are stored beside the array). Numbers are stored times Scale.</summary>
internal sealed record Question(string Code, short? Position, string Text, string Kind, decimal? MinValue, decimal? MaxValue,
    decimal? Step, short Scale)
{
    /// <summary>The column name the report queries give this question's answer.</summary>
    public string Column => Code.ToLowerInvariant();
}

/// <summary>An answer option; CountsAsAnswer false for "Vet ej / Ej aktuellt" on the A_ questions.</summary>
internal sealed record AnswerOption(string QuestionCode, short Code, string Label, bool CountsAsAnswer);

/// <summary>An administration; one merged into another keeps its row (stored answers keep naming it).</summary>
internal sealed record Administration(short Id, string Code, string Name)
{
    public short? MergedInto { get; init; }
}

/// <summary>
/// The instrument as the database holds it, the one model of it that uploads, reports and pages read: the
/// questions, their options and aliases (header and value), and the administrations with their aliases and merges.
/// Nothing here is hard-coded; V16 is the seeded default. Read in one round trip by <see cref="LoadAsync"/>, once per
/// upload (in its transaction) or per report (in its snapshot), and never kept beyond it: administrators change it
/// without a release, on any server, so a longer-lived copy could be stale.
/// </summary>
internal sealed class Instrument
{
    private Instrument(IReadOnlyList<Question> questions, IReadOnlyList<AnswerOption> options,
        IReadOnlyList<(string Alias, string QuestionCode)> headerAliases, IReadOnlyList<(string QuestionCode, string Alias, short Code)> aliases,
        IReadOnlyList<Administration> administrations, IReadOnlyList<(string Alias, short AdministrationId)> administrationAliases)
    {
        Questions = questions;
        Positioned = [.. questions.Where(q => q.Position is not null)];
        Options = options;
        HeaderAliases = headerAliases;
        Aliases = aliases;
        Administrations = administrations;
        AdministrationAliases = administrationAliases;
        CountedAdministrations = [.. administrations.Where(a => a.MergedInto is null)];
        Merged = administrations.Where(a => a.MergedInto is not null).ToDictionary(a => a.Id, a => a.MergedInto!.Value);
        _options = options.ToLookup(o => o.QuestionCode);
    }

    private readonly ILookup<string, AnswerOption> _options;

    /// <summary>Every question, in the instrument's order.</summary>
    public IReadOnlyList<Question> Questions { get; }

    /// <summary>The questions stored in respondent.answers: those the reports count and group by.</summary>
    public IReadOnlyList<Question> Positioned { get; }

    public IReadOnlyList<AnswerOption> Options { get; }

    /// <summary>Other headings of a question (question_alias).</summary>
    public IReadOnlyList<(string Alias, string QuestionCode)> HeaderAliases { get; }

    /// <summary>Other spellings of options (answer_alias), as exports and goal definitions may name them.</summary>
    public IReadOnlyList<(string QuestionCode, string Alias, short Code)> Aliases { get; }

    /// <summary>Every administration, those merged into another included.</summary>
    public IReadOnlyList<Administration> Administrations { get; }

    /// <summary>The administrations the reports count under: those not merged into another.</summary>
    public IReadOnlyList<Administration> CountedAdministrations { get; }

    /// <summary>Administrations merged into another: id to the one it was merged into.</summary>
    public IReadOnlyDictionary<short, short> Merged { get; }

    /// <summary>Other names of an administration (administration_alias), normalised.</summary>
    public IReadOnlyList<(string Alias, short AdministrationId)> AdministrationAliases { get; }

    /// <summary>A question that has a place in respondent.answers.</summary>
    public Question Question(string code) =>
        Positioned.FirstOrDefault(q => q.Code == code) ??
        throw new InvalidOperationException($"The instrument has no positioned question {code}.");

    /// <summary>The question of a kind the instrument has one of (administration, unit).</summary>
    public Question? ByKind(string kind) => Questions.FirstOrDefault(q => q.Kind == kind);

    public IEnumerable<AnswerOption> OptionsOf(string questionCode) => _options[questionCode];

    public static async Task<Instrument> LoadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var read = await connection.QueryMultipleAsync(new CommandDefinition("""
            SELECT code, position, text, kind, min_value AS MinValue, max_value AS MaxValue, step, scale FROM question ORDER BY sort;
            SELECT question_code AS QuestionCode, code, label, counts_as_answer AS CountsAsAnswer FROM answer_option ORDER BY question_code, code;
            SELECT alias, question_code FROM question_alias ORDER BY alias;
            SELECT question_code, alias, code FROM answer_alias ORDER BY question_code, alias;
            SELECT id, code, name, merged_into AS MergedInto FROM administration ORDER BY id;
            SELECT alias, administration_id FROM administration_alias ORDER BY alias;
            """, cancellationToken: ct));
        var questions = (await read.ReadAsync<Question>()).ToList();
        var options = (await read.ReadAsync<AnswerOption>()).ToList();
        var headerAliases = (await read.ReadAsync<(string, string)>()).ToList();
        var aliases = (await read.ReadAsync<(string, string, short)>()).ToList();
        var administrations = (await read.ReadAsync<AdministrationRow>()).Select(a => new Administration(a.Id, a.Code, a.Name) { MergedInto = a.MergedInto }).ToList();
        var administrationAliases = (await read.ReadAsync<(string, short)>()).ToList();
        return new Instrument(questions, options, headerAliases, aliases, administrations, administrationAliases);
    }

    private sealed record AdministrationRow(short Id, string Code, string Name, short? MergedInto);
}
