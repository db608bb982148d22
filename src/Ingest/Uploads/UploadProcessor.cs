using System.Text;
using Dapper;
using Npgsql;
using Survey.Ingest.Exports;
using Survey.Ingest.Headcount;
using Survey.Ingest.Indicators;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Uploads;

/// <summary>An upload whose log row exists (locked by the caller's transaction).</summary>
internal sealed record UploadJob(long UploadId, UploadKind Kind, string FileName, string? WaveCode, short? WaveId,
    bool SkipInvalidRows, long MaxBytes)
{
    /// <summary>The administrator confirmed a survey export that lacks more than half of the wave's questions.</summary>
    public bool AllowMissingQuestions { get; init; }

    /// <summary>The export profile to read a survey export with.</summary>
    public string? Profile { get; init; }

    /// <summary>A dry run: rolled back whatever comes of it, so nothing counted from the respondents is brought up to date.</summary>
    public bool DryRun { get; init; }
}

/// <summary>
/// The one ingest path: read the file once, streaming each row into a binary COPY of a temporary table, then
/// upsert; or, on a first load, straight into the real table. Everything happens inside the caller's transaction
/// behind a savepoint, so a rejected file is rolled back to nothing while its upload row is still written.
/// </summary>
internal static class UploadProcessor
{
    public static async Task<UploadResult> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, UploadJob job, Stream raw,
        long? knownLength, IProgress<long>? progress, CancellationToken ct)
    {
        var problems = new ProblemList();
        var read = new Reading();
        string? fileProblem = null;
        var tooLarge = false;
        using var content = new ContentStream(raw, job.MaxBytes, progress);
        await ExecuteAsync(connection, "SAVEPOINT data", ct);
        try
        {
            if (knownLength > job.MaxBytes)
                throw new FileTooLargeException(job.MaxBytes);
            if (job.Kind.NeedsWave() && job.WaveId is null)
                throw new FileRejected(await UnknownWaveAsync(connection, job.WaveCode, ct));
            try
            {
                await ReadAsync(connection, job, content, problems, read, allowDirect: content.CanRestart, ct);
            }
            catch (DirectLoadConflict)
            {
                // Rare (a respondent twice in the file): read the file again through the staging table, which
                // finds and reports the repeats.
                await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT data", ct);
                content.Restart();
                (problems, read) = (new ProblemList(), new Reading());
                await ReadAsync(connection, job, content, problems, read, allowDirect: false, ct);
            }
        }
        catch (FileRejected e)
        {
            fileProblem = e.Message;
        }
        catch (FileTooLargeException e)
        {
            tooLarge = true;
            fileProblem = UploadLimits.TooLargeMessage(e.MaxBytes);
        }
        catch (CsvHelper.CsvFormatException)
        {
            fileProblem = "En rad i filen är längre än 1 MB. Troligen saknas ett avslutande citattecken (\") i ett fält.";
        }
        catch (Exception e) when (e is DecoderFallbackException || e.InnerException is DecoderFallbackException)
        {
            fileProblem = "Filen har tecken som inte går att läsa med den teckenkodning som filens början har. " +
                          "Spara den på nytt som CSV i UTF-8 eller Windows-1252.";
        }

        // The hash reads what is left of the file, which may pass the limit only now (a pipe of unknown length).
        string sha256 = "";
        if (!tooLarge)
        {
            try
            {
                sha256 = content.FinishHash();
            }
            catch (FileTooLargeException e)
            {
                (tooLarge, fileProblem) = (true, UploadLimits.TooLargeMessage(e.MaxBytes));
            }
        }

        var (rows, ignored, counts) = (read.Rows, read.Ignored, read.Counts);
        // An upload that stores nothing is no success, whatever was asked: every row skipped is a rejected file.
        var leftOut = read.LeftOut;
        if (fileProblem is null && !problems.Rejects(job.SkipInvalidRows) && counts.Inserted + counts.Updated + counts.Unchanged == 0)
            fileProblem = leftOut.Sum(l => l.Rows) == rows
                ? $"Ingen rad sparades: alla {rows} rader lämnades utanför ({UploadReport.LeftOutText(leftOut)})."
                : $"Ingen rad sparades: alla {rows} rader hade fel. Rätta filen och ladda upp den igen.";
        var accepted = fileProblem is null && !problems.Rejects(job.SkipInvalidRows);
        if (!accepted)
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT data", ct);
        else if (read.Target is SurveyTarget { Stored: { } stored })
        {
            if (!job.DryRun && StoredRespondents.Keep is { } keep)
                using (Timings.Phase("goal tally and protection"))
                    await keep(connection, transaction, stored, ct); // the goal tally, current when the upload commits
            await stored.RunAlongsideAsync(ct);
        }
        var listed = problems.ToList();
        var result = new UploadResult(job.FileName, job.WaveCode, accepted ? UploadResult.Accepted : UploadResult.Rejected,
            rows, accepted ? counts.Inserted : 0, accepted ? counts.Updated : 0, accepted ? counts.Unchanged : 0, ignored,
            fileProblem is null ? listed : [new UploadProblem(null, null, null, fileProblem), .. read.Rows > 0 ? listed : []])
        {
            UploadId = job.UploadId,
            HeaderRows = read.HeaderRows,
            Warnings = read.Warnings,
            LeftOut = leftOut,
            Kind = job.Kind,
            NewAdministrations = read.Claims?.Administrations.Values.Where(a => a.Count > 0)
                .Select(a => new NewOrganisation(a.Name, a.Count)).ToList() ?? [],
            NewUnits = read.Claims?.Units.Select(u => new NewOrganisation(u.Key, u.Value)).ToList() ?? [],
        };
        // A file over the limit is not read any further, not even to hash it: its log row has no SHA-256.
        await UploadLog.FinishAsync(connection, result, sha256, tooLarge ? knownLength ?? content.BytesRead : content.BytesRead, ct);
        return result;
    }

    /// <summary>What was read so far: a file rejected half-way still reports its rows and ignored columns.</summary>
    private sealed class Reading
    {
        public int Rows;
        public int HeaderRows;
        public IReadOnlyList<string> Ignored = [];
        public IReadOnlyList<string> Warnings = [];
        public StoreCounts Counts = new(0, 0, 0);
        public OrganisationClaims? Claims;
        public IUploadTarget? Target;
        public IReadOnlyList<LeftOut> LeftOut => Target?.LeftOut ?? [];
    }

    /// <summary>
    /// Reads the file once, streaming each row into a binary COPY: into the target's temporary staging table, or,
    /// when the target may load straight into its real table (<paramref name="allowDirect"/>: the file can be read
    /// again), into that table. Then stores the rows.
    /// </summary>
    private static async Task ReadAsync(NpgsqlConnection connection, UploadJob job, ContentStream content,
        ProblemList problems, Reading read, bool allowDirect, CancellationToken ct)
    {
        var target = await CreateTargetAsync(connection, job, ct);
        read.Claims = target.Claims;
        read.Target = target;
        using var source = TableSource.Open(content);
        var header = HeaderLocator.Find(source.Reader, target);
        read.HeaderRows = header.HeaderRows;
        read.Ignored = [.. target.MapHeader(header.Rows).Select(ProblemList.Printable)];
        read.Warnings = target.Warnings;
        var shape = new RecordShape(header.Rows);
        var copySql = allowDirect ? await target.DirectCopyAsync(connection, job, ct) : null;
        var direct = copySql is not null;
        if (!direct)
            await ExecuteAsync(connection, target.StageSql, ct);
        ulong staged;
        try
        {
            using var phase = Timings.Phase(direct ? "read and copy into respondent" : "read and copy into stage");
            await using var copy = await CopyRows.BeginAsync(connection, copySql ?? target.CopySql, ct);
            var reader = source.Reader;
            var pending = header.DataRowPending;
            while (pending || reader.Read())
            {
                pending = false;
                if (reader.IsBlank())
                    continue;
                read.Rows++;
                if (shape.IsIntact(reader, problems))
                    target.WriteRow(reader, copy, problems, job.SkipInvalidRows);
                if ((read.Rows & 1023) == 0)
                    ct.ThrowIfCancellationRequested();
            }
            staged = await copy.CompleteAsync(ct);
        }
        catch (PostgresException e) when (direct && e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DirectLoadConflict();
        }
        if (read.Rows == 0)
            throw new FileRejected("Filen innehåller inga datarader under rubrikraden.");
        using (Timings.Phase("store"))
            try
            {
                read.Counts = await target.StoreAsync(connection,
                    new StoreContext(job.UploadId, job.WaveId, problems, job.SkipInvalidRows, (long)staged), ct);
            }
            catch (PostgresException e) when (direct && e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new DirectLoadConflict(); // the primary key built after the copy (RespondentStore.StoreDirectAsync)
            }
    }

    private sealed class DirectLoadConflict : Exception;

    private static async Task<IUploadTarget> CreateTargetAsync(NpgsqlConnection connection, UploadJob job, CancellationToken ct)
    {
        if (job.Kind == UploadKind.Indicators)
            return new IndicatorTarget(await IndicatorTarget.GoalsAsync(connection, ct));
        await OrganisationRegistry.LockAsync(connection, ct);
        var instrument = await UploadVocabulary.LoadAsync(connection, job.WaveId, ct, job.Profile);
        return job.Kind == UploadKind.Survey ? new SurveyTarget(instrument, job.AllowMissingQuestions) : new HeadcountTarget(instrument);
    }

    public static async Task<string> UnknownWaveAsync(NpgsqlConnection connection, string? code, CancellationToken ct)
    {
        var waves = await connection.QueryAsync<string>(new CommandDefinition("SELECT code FROM wave ORDER BY starts_on", cancellationToken: ct));
        return $"Okänd mätning: {code}. Mätningar som finns: {string.Join(", ", waves)}.";
    }

    private static Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct));
}
