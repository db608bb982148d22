using Npgsql;

namespace Survey.Ingest.Uploads;

/// <summary>
/// What an accepted survey upload changed in its wave, handed, inside the upload's own transaction, to what keeps
/// figures counted from the respondents (the goal tally and the protection decided from it, in Survey.Reports), so
/// that they are current the moment the upload commits. The changed rows are the wave's respondents with this upload
/// id (inserted or updated; unchanged rows keep their upload); when <paramref name="Replaced"/>, the temporary table
/// replaced_respondent holds the former unit_code and answers of the updated ones.
/// </summary>
/// <param name="ChangesBefore">The wave's respondent_change count (<see cref="ChangesSql"/>) when the upload took the wave's lock,
/// before it wrote any respondent.</param>
public sealed record StoredRespondents(short WaveId, long UploadId, long ChangesBefore, bool Replaced)
{
    /// <summary>
    /// Every row the upload stored, counted as it was parsed (<see cref="Counting"/>), when the upload is the wave's
    /// first load: then those rows are all of the wave's respondents, and what keeps the figures needs no pass over them.
    /// </summary>
    public IRespondentCounter? Counted { get; init; }

    /// <summary>
    /// Work on the upload's connection that nothing counted from the respondents depends on (a first load's
    /// registration of its new units), left for <see cref="RunAlongsideAsync"/>: what keeps the figures runs it while
    /// it decides on its own thread, and the upload runs it before it commits if that did not.
    /// </summary>
    public Func<CancellationToken, Task>? Alongside { private get; init; }

    private Task? _alongside;

    /// <summary>Starts <see cref="Alongside"/> the first time; every call returns that one run.</summary>
    public Task RunAlongsideAsync(CancellationToken ct) => _alongside ??= Alongside?.Invoke(ct) ?? Task.CompletedTask;

    /// <summary>
    /// Set once by the host (Survey.Reports' RespondentCounter.BeginAsync), like <see cref="Keep"/>: a counter for the
    /// rows of a first load, made in the upload's transaction before any row is read. Unset, nothing is counted.
    /// </summary>
    public static Func<NpgsqlConnection, CancellationToken, Task<IRespondentCounter>>? Counting { get; set; }

    /// <summary>
    /// The state of a wave's respondents (@wave) as seen by the current snapshot: the respondent_change rows of
    /// statements that wrote that wave, or that did not say which wave they wrote (db/0701).
    /// </summary>
    public const string ChangesSql = "SELECT count(*) FROM respondent_change WHERE wave_id = @wave OR wave_id IS NULL";

    /// <summary>
    /// Set once by the host (Survey.Reports' GoalTally.KeepCurrent); Ingest knows nothing of goals. Unset, nothing
    /// is brought up to date here and the first request after the upload counts the wave again.
    /// </summary>
    public static Func<NpgsqlConnection, NpgsqlTransaction, StoredRespondents, CancellationToken, Task>? Keep { get; set; }
}

/// <summary>Counts respondent rows as the ingest parses them: the unit code and the answers array, as stored.</summary>
public interface IRespondentCounter
{
    /// <summary>One stored row; <paramref name="answers"/> is reused for the next row.</summary>
    void Add(string? unit, short?[] answers);
}
