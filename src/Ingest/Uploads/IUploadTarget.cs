using Npgsql;
using Survey.Ingest.Exports;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Uploads;

/// <summary>What one kind of upload (survey export, headcount, indicators) contributes to the common ingest:
/// its header mapping, its staging table and row parsing, and the upsert into the real table.</summary>
internal interface IUploadTarget
{
    /// <summary>How many of these cells are headers this kind knows; the header row is the first that knows enough.</summary>
    int Recognise(IReadOnlyList<string> cells);

    int MinimumRecognised { get; }

    /// <summary>Whether a row after the header row is a further header row (a survey tool's sub-header).</summary>
    bool ContinuesHeader(IReadOnlyList<string> cells) => false;

    /// <summary>The message when no row of the file's first ones is a header; the rows read are given.</summary>
    string NoHeaderMessage(IReadOnlyList<string[]> rows) => HeaderLocator.NoHeader;

    /// <summary>Maps the header rows; throws <see cref="FileRejected"/> when a required column is missing.
    /// Returns the ignored columns as written.</summary>
    IReadOnlyList<string> MapHeader(IReadOnlyList<string[]> rows);

    /// <summary>What the administrator should know of an accepted file (e.g. questions of the wave it lacks).</summary>
    IReadOnlyList<string> Warnings => [];

    /// <summary>Rows that the file itself marks as no respondent (a tool's previews, spam, unfinished responses).</summary>
    IReadOnlyList<Exports.LeftOut> LeftOut => [];

    /// <summary>CREATE TEMP TABLE ... ON COMMIT DROP and the COPY ... FROM STDIN (FORMAT BINARY) into it.</summary>
    string StageSql { get; }

    string CopySql { get; }

    /// <summary>
    /// Called after the header, before any row: the COPY straight into the real table when this upload cannot
    /// conflict with what is stored there (and then the rows are not staged), or null to stage them.
    /// </summary>
    Task<string?> DirectCopyAsync(NpgsqlConnection connection, UploadJob job, CancellationToken ct) =>
        Task.FromResult<string?>(null);

    /// <summary>Parses the current record and writes it to the COPY, unless it has problems and those rows are
    /// skipped. Returns whether it was written.</summary>
    bool WriteRow(ITableReader record, CopyRows copy, ProblemList problems, bool skipInvalidRows);

    /// <summary>The administrations and units the file brings (exports and headcount), once it has been read.</summary>
    OrganisationClaims? Claims => null;

    /// <summary>Moves the staged rows into the real table; returns (inserted, updated, unchanged).</summary>
    Task<StoreCounts> StoreAsync(NpgsqlConnection connection, StoreContext context, CancellationToken ct);
}

internal sealed record StoreContext(long UploadId, short? WaveId, ProblemList Problems, bool SkipInvalidRows, long Staged)
{
    /// <summary>The file has row problems and they are not to be skipped: nothing is stored.</summary>
    public bool Rejected => Problems.Rejects(SkipInvalidRows);
}

internal sealed record StoreCounts(int Inserted, int Updated, int Unchanged);
