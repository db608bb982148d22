namespace Survey.Reports.Privacy;

/// <summary>
/// The wave's unit codes numbered (the respondents without a unit, null, are one code), so that the units hidden in
/// a family of sheets are a flag per number rather than a set of strings: the protection decides every sheet's
/// 48,000 units again until nothing grows, and hashing the codes took about half of its time.
/// </summary>
internal sealed class UnitCodes
{
    public UnitCodes(IReadOnlyList<SheetCounts.UnitRow> units)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var none = -1;
        Numbers = new int[units.Count];
        for (var i = 0; i < units.Count; i++)
            Numbers[i] = units[i].Code is { } code
                ? index.TryGetValue(code, out var n) ? n : index[code] = Count++
                : none >= 0 ? none : none = Count++;
    }

    public int Count { get; }

    /// <summary>The number of each unit row's code, in the rows' order.</summary>
    public int[] Numbers { get; }
}

/// <summary>A question sheet's units with answers, in the sheet's order: their administration and n, and their codes' numbers.</summary>
internal sealed class SheetUnits
{
    private readonly string?[] _codes;
    private readonly int[] _numbers;

    private SheetUnits(string?[] codes, int[] numbers, (short? Administration, long N)[] counts) =>
        (_codes, _numbers, Counts) = (codes, numbers, counts);

    /// <param name="column">The question's column in <see cref="SheetCounts.UnitRow.Answered"/>.</param>
    public static SheetUnits Of(IReadOnlyList<SheetCounts.UnitRow> units, int column, UnitCodes codes)
    {
        var (unitCodes, numbers, counts) = (new List<string?>(), new List<int>(), new List<(short?, long)>());
        for (var i = 0; i < units.Count; i++)
            if (units[i].Answered[column] is > 0 and var n)
            {
                unitCodes.Add(units[i].Code);
                numbers.Add(codes.Numbers[i]);
                counts.Add((units[i].Administration, n));
            }
        return new SheetUnits([.. unitCodes], [.. numbers], [.. counts]);
    }

    /// <summary>A sheet without units' rows.</summary>
    public static readonly SheetUnits None = new([], [], []);

    /// <summary>Each unit's administration and n, as <see cref="UnitSuppression"/> takes them.</summary>
    public (short? Administration, long N)[] Counts { get; }

    /// <summary>Whether each unit is among the hidden (flags by code number).</summary>
    public bool[] HiddenIn(bool[] hidden)
    {
        var result = new bool[_numbers.Length];
        for (var i = 0; i < result.Length; i++)
            result[i] = hidden[_numbers[i]];
        return result;
    }

    /// <summary>Adds the units flagged in <paramref name="units"/> to the hidden; whether any was not hidden yet.</summary>
    public bool Hide(bool[] units, bool[] hidden)
    {
        var grown = false;
        for (var i = 0; i < units.Length; i++)
            if (units[i] && !hidden[_numbers[i]])
                grown = hidden[_numbers[i]] = true;
        return grown;
    }

    /// <summary>The codes of the hidden units, in the sheet's order.</summary>
    public IEnumerable<string?> Hidden(bool[] hidden)
    {
        for (var i = 0; i < _numbers.Length; i++)
            if (hidden[_numbers[i]])
                yield return _codes[i];
    }
}
