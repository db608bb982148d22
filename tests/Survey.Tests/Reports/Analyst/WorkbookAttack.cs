using System.Globalization;
using Survey.Tests.Reports.Workbooks;

namespace Survey.Tests.Reports.Analyst;

/// <summary>
/// What an analyst can do with every workbook the filters allow: read every shown n and subtract any set of
/// disjoint ones from a whole. For every question sheet and every row of it (the total, and each group of each
/// background field): the region's figure minus any set of administrations' (or units') figures, and an
/// administration's minus any set of its units', must never leave 1 to 4.
/// </summary>
internal static class WorkbookAttack
{
    /// <param name="administrations">Filter code to the name the sheets show.</param>
    /// <param name="units">Unit code to its administration's filter code.</param>
    /// <param name="filtered">The workbooks the filters allowed, by filter code.</param>
    public static void AssertNoSmallRest(WorkbookReader region, IReadOnlyDictionary<string, WorkbookReader> filtered,
        IReadOnlyDictionary<string, string> administrations, IReadOnlyDictionary<string, string> units)
    {
        static long? Figure(string cell) => cell == "–" ? null : long.Parse(cell, CultureInfo.InvariantCulture);
        static Dictionary<(string, string), long> Shown(WorkbookReader book, string sheet) =>
            book.QuestionRows(sheet).Skip(1).Where(r => Figure(r["C"]) is not null)
                .ToDictionary(r => (r["A"], r["B"]), r => Figure(r["C"])!.Value);

        foreach (var sheet in region.SheetNames.Where(n => n.Contains('_')))
        {
            var whole = Shown(region, sheet);
            var views = filtered.ToDictionary(f => f.Key, f => Shown(f.Value, sheet));
            // The region's own administration and unit rows are the filtered workbooks' totals.
            foreach (var ((heading, group), n) in whole.Where(w => w.Key.Item1 is "Förvaltning" or "Enhet"))
            {
                var code = heading == "Enhet" ? group : administrations.FirstOrDefault(a => a.Value == group).Key ?? group;
                var view = views.TryGetValue(code, out var v) ? v : views[code] = [];
                Assert.Equal(view.GetValueOrDefault(("Totalt", "Alla svarande"), n), view[("Totalt", "Alla svarande")] = n);
            }
            foreach (var line in whole.Keys.Concat(views.Values.SelectMany(v => v.Keys)).Distinct())
            {
                var parts = views.Where(v => v.Value.ContainsKey(line)).ToDictionary(v => v.Key, v => v.Value[line]);
                if (whole.TryGetValue(line, out var all))
                    Check(sheet, line, "the region", all, parts, units);
                foreach (var (code, n) in parts.Where(p => administrations.ContainsKey(p.Key)))
                    Check(sheet, line, code, n, parts.Where(p => units.GetValueOrDefault(p.Key) == code).ToDictionary(), units);
            }
        }
    }

    /// <summary>The same for the goals: each goal's n in the goal tables, and the region's administration breakdown.</summary>
    public static void AssertNoSmallRestInGoals(WorkbookReader region, IReadOnlyDictionary<string, WorkbookReader> filtered,
        IReadOnlyDictionary<string, string> administrations, IReadOnlyDictionary<string, string> units)
    {
        static long? Figure(string? cell) => long.TryParse(cell, CultureInfo.InvariantCulture, out var n) ? n : null;
        static Dictionary<string, long> Goals(WorkbookReader book) => book.Rows("Måltabell").Skip(1)
            .Where(r => r.ContainsKey("B") && Figure(r.GetValueOrDefault("G")) is not null)
            .ToDictionary(r => r["B"], r => Figure(r["G"])!.Value);

        var whole = Goals(region);
        var views = filtered.ToDictionary(f => f.Key, f => Goals(f.Value));
        foreach (var row in region.Rows("Målnedbrytning").Skip(1).Where(r => r.GetValueOrDefault("B") == "Förvaltning"))
            if (Figure(row.GetValueOrDefault("D")) is { } n && administrations.FirstOrDefault(a => a.Value == row["C"]).Key is { } code)
            {
                var view = views.TryGetValue(code, out var v) ? v : views[code] = [];
                Assert.Equal(view.GetValueOrDefault(row["A"], n), view[row["A"]] = n);
            }
        foreach (var goal in whole.Keys.Concat(views.Values.SelectMany(v => v.Keys)).Distinct())
        {
            var parts = views.Where(v => v.Value.ContainsKey(goal)).ToDictionary(v => v.Key, v => v.Value[goal]);
            if (whole.TryGetValue(goal, out var all))
                Check("Måltabell", (goal, "n"), "the region", all, parts, units);
            foreach (var (code, n) in parts.Where(p => administrations.ContainsKey(p.Key)))
                Check("Måltabell", (goal, "n"), code, n, parts.Where(p => units.GetValueOrDefault(p.Key) == code).ToDictionary(), units);
        }

        // Each goal's breakdown by a background field: the region's group against the filtered workbooks' groups.
        static Dictionary<(string, string, string), long> Groups(WorkbookReader book) => book.Rows("Målnedbrytning").Skip(1)
            .Where(r => r.GetValueOrDefault("B") is { } b && b != "Förvaltning" && Figure(r.GetValueOrDefault("D")) is not null)
            .ToDictionary(r => (r["A"], r["B"], r["C"]), r => Figure(r["D"])!.Value);
        var wholeGroups = Groups(region);
        var viewGroups = filtered.ToDictionary(f => f.Key, f => Groups(f.Value));
        foreach (var line in wholeGroups.Keys.Concat(viewGroups.Values.SelectMany(v => v.Keys)).Distinct())
        {
            var parts = viewGroups.Where(v => v.Value.ContainsKey(line)).ToDictionary(v => v.Key, v => v.Value[line]);
            if (wholeGroups.TryGetValue(line, out var all))
                Check("Målnedbrytning", (line.Item1, $"{line.Item2} {line.Item3}"), "the region", all, parts, units);
        }
    }

    private static void Check(string sheet, (string, string) line, string whole, long total, Dictionary<string, long> parts,
        IReadOnlyDictionary<string, string> units)
    {
        var names = parts.Keys.ToList();
        for (var set = 1; set < 1 << names.Count; set++)
        {
            var members = names.Where((_, i) => (set & (1 << i)) != 0).ToList();
            if (members.Any(m => units.TryGetValue(m, out var owner) && members.Contains(owner)))
                continue; // not disjoint: a unit with its own administration
            var rest = total - members.Sum(m => parts[m]);
            Assert.False(rest is > 0 and < 5, $"{sheet} {line}: {whole} minus {string.Join(" + ", members)} leaves {rest}");
        }
    }
}
