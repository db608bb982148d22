using System.Collections;

namespace Survey.Reports.Analyst;

/// <summary>
/// One group's answers to one question: value -> count, nonzero counts only, in the order the values were first read.
/// One small array where a dictionary would take 200 bytes: a question's counts make one per unit (48,000 at a
/// million respondents). Looked up by a scan, which at a handful of values is as quick as hashing.
/// </summary>
internal sealed class AnswerTally(KeyValuePair<short, long>[] counts) : IReadOnlyDictionary<short, long>
{
    public static readonly AnswerTally Empty = new([]);

    public int Count => counts.Length;

    public long this[short key] => TryGetValue(key, out var count) ? count : throw new KeyNotFoundException($"No answer {key}.");

    public IEnumerable<short> Keys => counts.Select(c => c.Key);

    public IEnumerable<long> Values => counts.Select(c => c.Value);

    public bool ContainsKey(short key) => TryGetValue(key, out _);

    public bool TryGetValue(short key, out long value)
    {
        foreach (var (code, count) in counts)
            if (code == key)
            {
                value = count;
                return true;
            }
        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<short, long>> GetEnumerator() => ((IEnumerable<KeyValuePair<short, long>>)counts).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
