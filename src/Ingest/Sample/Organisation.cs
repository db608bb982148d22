using Survey.Ingest.Exports;

namespace Survey.Ingest.Sample;

internal sealed record SampleUnit(string Code, Administration Administration, int Employees, int Women, int Men, int Respondents);

/// <summary>
/// The units behind a sample: sized like a real region (mostly 6-60 people, some tiny units of 1-4), each with
/// 60-80 % answering, until the requested number of respondents is reached. Derived from the seed alone, so the
/// export and the headcount of one seed agree.
/// </summary>
internal static class Organisation
{
    private static readonly Dictionary<string, double> Weights = new() { ["RS"] = 0.08, ["HSF"] = 0.68, ["RU"] = 0.09, ["FTV"] = 0.15 };
    private static readonly HashSet<string> MostlyWomen = ["HSF", "FTV"];

    public static List<SampleUnit> Plan(IReadOnlyList<Administration> administrations, int respondents, int seed)
    {
        var random = new Random(seed);
        var units = new List<SampleUnit>();
        var numbers = administrations.ToDictionary(a => a.Id, _ => 0);
        var weights = administrations.Select(a => Weights.GetValueOrDefault(a.Code, 0.1)).ToArray();
        var assigned = 0;
        while (assigned < respondents)
        {
            var administration = administrations[Pick(random, weights)];
            var employees = random.NextDouble() < 0.12 ? random.Next(1, 5) : random.Next(6, 61);
            var rate = 0.6 + random.NextDouble() * 0.2;
            var answering = Enumerable.Range(0, employees).Count(_ => random.NextDouble() < rate);
            answering = Math.Min(answering, respondents - assigned);
            var womenShare = MostlyWomen.Contains(administration.Code) ? 0.78 : 0.55;
            var women = (int)Math.Round(employees * womenShare);
            var men = Math.Max(0, employees - women - (random.NextDouble() < 0.1 ? 1 : 0));
            var number = ++numbers[administration.Id];
            units.Add(new SampleUnit($"{administration.Code}-{number:0000}", administration, employees, women, men, answering));
            assigned += answering;
        }
        return units;
    }

    public static int Pick(Random random, IReadOnlyList<double> weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
            if ((x -= weights[i]) < 0)
                return i;
        return weights.Count - 1;
    }
}
