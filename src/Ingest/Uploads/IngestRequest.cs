namespace Survey.Ingest.Uploads;

internal enum UploadKind
{
    Survey,
    Headcount,
    Indicators,
}

internal static class UploadKinds
{
    public static string DbName(this UploadKind kind) => kind.ToString().ToLowerInvariant();

    public static UploadKind Parse(string name) =>
        Enum.TryParse<UploadKind>(name, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new UserError($"Unknown upload kind '{name}' (survey, headcount or indicators).");

    public static bool NeedsWave(this UploadKind kind) => kind != UploadKind.Indicators;
}

internal static class UploadLimits
{
    /// <summary>Default for Survey:MaxUploadBytes: a million-respondent export is about 120 MB.</summary>
    public const long DefaultMaxBytes = 200L * 1024 * 1024;

    public static string TooLargeMessage(long maxBytes) =>
        $"Filen är större än gränsen på {Describe(maxBytes)} och har inte lästs in.";

    private static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024 * 1024)} MB",
        >= 1024 => $"{bytes / 1024} kB",
        _ => $"{bytes} byte",
    };
}

/// <summary>
/// One upload to ingest. FileName is the name as uploaded, shown and logged, never opened; the content is either
/// Content (a stream, read once) or Path (a file the CLI was pointed at).
/// </summary>
internal sealed record IngestRequest
{
    public required UploadKind Kind { get; init; }
    public required string FileName { get; init; }
    public Stream? Content { get; init; }
    public string? Path { get; init; }

    /// <summary>Required for survey exports and headcount.</summary>
    public string? WaveCode { get; init; }

    public string UploadedBy { get; init; } = Environment.UserName;

    /// <summary>Validate and count everything, store and log nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Store the valid rows; the rejected ones are listed in the result and the upload log.</summary>
    public bool SkipInvalidRows { get; init; }

    public long MaxBytes { get; init; } = UploadLimits.DefaultMaxBytes;

    /// <summary>Accept a survey export that lacks more than half of the wave's questions (still listed as a warning).</summary>
    public bool AllowMissingQuestions { get; init; }

    /// <summary>The export profile whose header and value aliases read this tool's file (survey exports).</summary>
    public string? Profile { get; init; }
}
