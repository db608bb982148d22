using System.Text.RegularExpressions;
using Survey.Ingest.Reading;

namespace Survey.Ingest.Exports;

/// <summary>A column heading matched to a question, and how.</summary>
internal sealed record HeadingMatch(Question Question, HeaderMatch How, string Heading);

/// <summary>
/// Matches one heading cell to a question of the instrument: by code (also in a tool's spelling without "_"),
/// text or alias; by LimeSurvey's "code. text" form; or as one statement of a matrix question, written
/// <c>Fråga [Påstående]</c> (LimeSurvey, Google Forms), <c>A[UTRUSTNING]</c> (LimeSurvey codes) or
/// <c>Fråga - Påstående</c> (Qualtrics). A statement is matched by its own text or alias, never by its position.
/// </summary>
internal static partial class HeaderMatcher
{
    public static HeadingMatch? Match(UploadVocabulary instrument, string cell)
    {
        var h = Normalise.Header(cell);
        if (h.Length == 0)
            return null;
        if (instrument.ProfileHeaders.TryGetValue(h, out var aliased))
            return new HeadingMatch(aliased.Question, HeaderMatch.ProfileAlias, cell);
        if (instrument.ByHeader.TryGetValue(h, out var direct))
            return new HeadingMatch(direct.Question, direct.How, cell);

        // LimeSurvey "Question code & question text": "BFORV. Förvaltning", "A[SQ001]. Fråga [Påstående]".
        if (CodeAndText().Match(h) is { Success: true } both)
            return Match(instrument, both.Groups[1].Value) ?? Match(instrument, both.Groups[2].Value);

        if (Bracketed().Match(h) is { Success: true } bracket)
        {
            var (stem, inner) = (bracket.Groups[1].Value.Trim(), bracket.Groups[2].Value.Trim());
            // A[UTRUSTNING]: the question code and the statement code together spell the instrument's code.
            var joined = Normalise.Header((stem + inner).Replace("_", "").Replace(" ", ""));
            if (instrument.ByHeader.TryGetValue(joined, out var coded) && coded.How is HeaderMatch.ToolCode or HeaderMatch.Code)
                return new HeadingMatch(coded.Question, HeaderMatch.Statement, cell);
            if (Statement(instrument, inner) is { } q)
                return new HeadingMatch(q, HeaderMatch.Statement, cell);
        }

        // Qualtrics matrix: "Fråga - Påstående" (the statement after the last " - ").
        var dash = h.LastIndexOf(" - ", StringComparison.Ordinal);
        if (dash > 0 && Statement(instrument, h[(dash + 3)..]) is { } statement)
            return new HeadingMatch(statement, HeaderMatch.Statement, cell);
        return null;
    }

    private static Question? Statement(UploadVocabulary instrument, string text)
    {
        var h = Normalise.Header(text);
        if (instrument.ProfileHeaders.TryGetValue(h, out var aliased))
            return aliased.Question;
        return instrument.ByHeader.TryGetValue(h, out var m) && m.How is HeaderMatch.Text or HeaderMatch.Alias ? m.Question : null;
    }

    [GeneratedRegex(@"^([a-z][a-z0-9_]*(?:\[[a-z0-9_]+\])?)\.\s+(.+)$")]
    private static partial Regex CodeAndText();

    [GeneratedRegex(@"^(.*?)\s*\[([^\[\]]+)\]$")]
    private static partial Regex Bracketed();
}
