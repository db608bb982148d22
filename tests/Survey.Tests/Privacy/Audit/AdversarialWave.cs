using Dapper;
using Survey.Tests.Reports;

namespace Survey.Tests.Privacy.Audit;

/// <summary>
/// A wave shaped to hurt, generated from a seed: big units beside units of 1–12, an administration of 4, a few
/// "Annat" and "Vill ej uppge", municipalities of 1–4, a unit of 5 with one "Vet ej", managers alone in their unit,
/// non-managers who answered the managers' question, respondents without unit, administration or municipality.
/// The respondents are kept here as the truth the audit compares the attacker's bounds with. Seeds 1 and 2 have the
/// shape the protection was developed against; seeds 3 and 4 another one (other unit sizes, a unit of one manager
/// and one of two, other small municipalities, more non-managers answering the managers' question), and seed 5 and
/// later a third (many units of 1–4 in every administration, all of them managers, an administration of 3 in two
/// units, seven "Annat" or "Vill ej uppge", home municipalities of 1–4, four without administration), which the
/// protection was not tuned on. Seeds 6 and later have a fourth shape, written before the protection was changed
/// against any of its findings: an administration of exactly 5 (one unit) with one "Vet ej" and one "Annat", many
/// units of 5 and 6 where one respondent of each leaves D_HUBB and D_AVTAL unanswered, a unit of 8 whose only
/// non-managers are 2 and a unit of 7 with one, home municipalities of 1–4 spread over every administration, an
/// administration of 2 and one respondent without a unit in each big administration. Seeds 9 and later have a
/// fifth shape, written after the audit passed on the first eight and before it ran on this one: units of 5–9 with
/// one to three managers each, an administration of one unit of 7 and 2 without a unit, a unit of 5 with one who
/// gave no gender and units of 9 with two "Vill ej uppge", a youngest age band of a few in the whole wave, a home
/// municipality of 5 spread over administrations, and an administration of 6. Everyone may answer D_AVTAL, drawn from its own random stream so that adding it
/// left the other answers of seeds 1 and 2 as they were.
/// </summary>
internal sealed class AdversarialWave
{
    public const string WaveCode = "V16-2021";

    /// <summary>Administration code to name, as the outputs name them.</summary>
    public IReadOnlyDictionary<string, string> Administrations { get; }

    /// <summary>Unit code to its administration's code (the attacker reads it off the administrations' workbooks).</summary>
    public IReadOnlyDictionary<string, string> Units { get; }

    public IReadOnlyList<Person> People { get; }

    internal sealed record Person(string Key, string? Administration, string? Unit, IReadOnlyDictionary<string, short?> Answers);

    private static readonly (string Code, string Name)[] Seeded =
        [("RS", "Regionstab"), ("HSF", "Hälso- och sjukvårdsförvaltningen"), ("RU", "Regional utveckling"), ("FTV", "Folktandvården")];

    private static readonly short[] Municipalities = [2326, 2305, 2361, 2309, 2303, 2313, 2321, 2380, 9999];

    private AdversarialWave(int seed)
    {
        var random = new Random(seed);
        var agreements = new Random(seed + 1000);
        var second = seed >= 3;
        var third = seed >= 5 && seed < 6;
        var fourth = seed >= 6 && seed < 9;
        var fifth = seed >= 9;
        Administrations = Seeded.Append(("PNK", "Patientnämndens kansli")).ToDictionary(a => a.Item1, a => a.Item2);
        var units = new Dictionary<string, string>();
        var people = new List<Person>();
        // Sizes per administration: big units and units of 1–12 (HSF3 is the unit of 5 with one "Vet ej");
        // Patientnämndens kansli has 4 in all.
        var plan = fifth
            ? new (string Administration, int[] Sizes)[]
            {
                ("RS", [25 + random.Next(10), 7, 9, 5]),
                ("HSF", [40 + random.Next(20), 8, 6, 5, 9, 7]),
                ("RU", [7]),
                ("FTV", [18 + random.Next(8), 6, 9]),
                ("PNK", [6]),
            }
            : fourth
            ? new (string Administration, int[] Sizes)[]
            {
                ("RS", [20 + random.Next(10), 5, 6, 5, 8]),
                ("HSF", [45 + random.Next(15), 6, 5, 6, 7, 5]),
                ("RU", [5]),
                ("FTV", [15 + random.Next(10), 5, 6, 3]),
                ("PNK", [2]),
            }
            : third
            ? new (string Administration, int[] Sizes)[]
            {
                ("RS", [18 + random.Next(10), 2, 1, 1, 3, 2]),
                ("HSF", [50 + random.Next(20), 11, 1, 2, 1, 4, 1]),
                ("RU", [6, 1, 1]),
                ("FTV", [25 + random.Next(10), 5, 1]),
                ("PNK", [2, 1]),
            }
            : second
            ? new (string Administration, int[] Sizes)[]
            {
                ("RS", [22 + random.Next(15), 9, 1, 2]),
                ("HSF", [45 + random.Next(25), 14 + random.Next(10), 5, 6, 1]),
                ("RU", [10 + random.Next(4), 4, 3]),
                ("FTV", [16 + random.Next(8), 8, 2]),
                ("PNK", [4]),
            }
            : [
                ("RS", [30 + random.Next(20), 12, 1 + random.Next(4), 1]),
                ("HSF", [40 + random.Next(20), 20 + random.Next(15), 5, 7, 2 + random.Next(3)]),
                ("RU", [8 + random.Next(5), 3]),
                ("FTV", [20 + random.Next(10), 6 + random.Next(6), 4]),
                ("PNK", [4]),
            ];
        var rare = new Queue<short>(fifth ? [3, 4, 4, 3] : fourth ? [4, 3, 4] : third ? [3, 3, 3, 4, 3, 4, 4] : second ? [4, 3, 4, 4, 3, 3] : [3, 3, 4, 3, 4]); // Annat, Vill ej uppge
        var smallTowns = new Queue<short>(fifth
            ? [2305, 2305, 2305, 2305, 2305, 2313, 2313, 2326, 2361, 2361, 2321, 2321, 2321]
            : fourth
            ? [2326, 2326, 2305, 2361, 2361, 2361, 2303, 2303, 2303, 2303, 2313, 2321, 2321]
            : third // Berg 2, Ragunda 1, Bräcke 2, … in the first shape
            ? [2326, 2305, 2305, 2361, 2361, 2361, 2361, 2303, 2303, 2303, 2313, 2321]
            : second
            ? [2361, 2303, 2303, 2303, 2303, 2326, 2326, 2326, 2313, 2313, 2305]
            : [2326, 2326, 2303, 2305, 2305, 2361, 2361, 2361, 2313]);
        var weights = fifth ? new[] { 7, 7, 7, 3, 3, 8, 6, 6, 8 } : fourth ? new[] { 7, 7, 7, 7, 3, 8, 6, 6, 6 } : third ? new[] { 7, 7, 7, 7, 3, 8, 6, 6, 7 } : second ? [7, 7, 7, 3, 6, 8, 5, 1, 7] : [7, 7, 7, 7, 3, 3, 6, 8, 5];
        foreach (var (administration, sizes) in plan)
            for (var u = 0; u < sizes.Length; u++)
            {
                var unit = $"{administration}{u + 1}";
                units[unit] = administration;
                for (var i = 0; i < sizes[u]; i++)
                {
                    // The first of every unit of up to 12 is its only manager (in the second shape both of a unit
                    // of two are); big units have a few.
                    var manager = fifth
                        ? (sizes[u] <= 9 && i < 1 + sizes[u] % 3) || (sizes[u] > 9 && random.Next(7) == 0)
                        : fourth
                        ? i == 0 || (sizes[u] == 8 && i < 6) || (sizes[u] == 7 && i < 6) || (sizes[u] > 12 && random.Next(8) == 0)
                        : i == 0 || (sizes[u] > 12 && random.Next(second ? 6 : 10) == 0) || (second && sizes[u] == 2)
                        || (third && sizes[u] <= 3);
                    var fiveWithVetEj = administration == "HSF" && u == 2;
                    var person = Make($"{unit}-{i}", administration, unit, manager, fiveWithVetEj && i == 0 || fourth && administration == "RU" && i == 1);
                    var answers = (Dictionary<string, short?>)person.Answers;
                    if (fourth && administration == "RU" && i == 2) // the one "Annat" of a small administration
                        answers["B_KON"] = 3;
                    if (fourth && sizes[u] is 5 or 6 && i == sizes[u] - 1) // one answer splits the unit
                        answers["D_HUBB"] = answers["D_AVTAL"] = null;
                    if (fifth && sizes[u] == 5 && i == 4) // a unit of 5 with one who gave no gender
                        answers["B_KON"] = null;
                    if (fifth && sizes[u] == 9 && i >= 7) // and a unit of 9 with two who would rather not say
                        answers["B_KON"] = 4;
                    people.Add(person);
                }
            }
        if (fifth)
            for (var i = 0; i < 2; i++) // an administration of one unit of 7 and 2 without a unit
                people.Add(Make($"RU-nounit-{i}", "RU", null, false, false));
        else if (fourth)
            foreach (var administration in new[] { "RS", "HSF", "FTV" })
                people.Add(Make($"{administration}-nounit-0", administration, null, false, false));
        else
            for (var i = 0; i < (third ? 1 : second ? 2 : 3); i++)
                people.Add(Make($"{(second ? "RU" : "HSF")}-nounit-{i}", second ? "RU" : "HSF", null, false, false));
        for (var i = 0; i < (fifth ? 2 : fourth ? 1 : third ? 4 : second ? 3 : 2); i++)
            people.Add(Make($"none-{i}", null, null, false, false));
        Units = units;
        People = people;

        Person Make(string key, string? administration, string? unit, bool manager, bool vetEj)
        {
            short? gender = random.Next(100) < 3 && rare.Count > 0 ? rare.Dequeue() : random.Next(100) < 2 ? null : (short)(1 + random.Next(2));
            short? home = random.Next(100) < (second ? 10 : 8) && smallTowns.Count > 0 ? smallTowns.Dequeue()
                : random.Next(100) < 3 ? null
                : Municipalities[weights[random.Next(9)]];
            short? work = random.Next(100) < 2 ? null : Municipalities[new[] { 7, 7, 7, 7, 7, 3, 6, 1 }[random.Next(8)]];
            short? days = random.Next(100) < 5 ? null : (short)(random.Next(4) == 0 ? random.Next(11) : 2 * random.Next(6));
            var managerQuestion = manager || random.Next(100) < (second ? 4 : 3);
            var answers = new Dictionary<string, short?>
            {
                ["B_FORV"] = null, // the administration's id, set when stored
                ["B_KON"] = gender,
                // In the fifth shape the youngest age band is rare (a few in the whole wave).
                ["B_ALDER"] = random.Next(100) < 2 ? null : fifth ? (short)(random.Next(100) < 2 ? 1 : 2 + random.Next(2)) : (short)(1 + random.Next(3)),
                ["B_CHEF"] = random.Next(100) < 2 ? null : manager ? (short)1 : (short)2,
                ["B_HEMKOMMUN"] = home,
                ["B_ARBKOMMUN"] = work,
                ["D_DAGAR"] = days,
                ["D_HUBB"] = home is null or 2380 || random.Next(100) < 10 ? null : (short)(1 + random.Next(3)),
                ["A_ATERHAMTNING"] = vetEj ? (short)9 : random.Next(100) < 6 ? null : random.Next(100) < 5 ? (short)9 : (short)(1 + random.Next(6)),
                ["L_LEDARSKAP"] = managerQuestion ? (short)(1 + random.Next(3)) : null,
                // Mostly those who work remotely; some with no remote day answer too (G_AVTAL leaves them out).
                ["D_AVTAL"] = days is null || (days < 2 && agreements.Next(100) >= 30) || agreements.Next(100) < 5 ? null : (short)(1 + agreements.Next(3)),
            };
            return new Person(key, administration, unit, answers);
        }
    }

    public static AdversarialWave Generate(int seed) => new(seed);

    /// <summary>Stores the wave's respondents (and a headcount per unit) straight into the tables.</summary>
    public async Task StoreAsync(TestDatabase db)
    {
        await using (var c = await db.DataSource.OpenConnectionAsync())
            await c.ExecuteAsync("INSERT INTO administration (code, name) VALUES ('PNK', 'Patientnämndens kansli') ON CONFLICT DO NOTHING");
        var data = new SurveyData(db.DataSource);
        var wave = await data.WaveIdAsync(WaveCode);
        var upload = await data.UploadAsync("survey", wave, "adversarial.csv");
        var headcount = await data.UploadAsync("headcount", wave, "personal.xlsx", "cd34");
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            var ids = (await c.QueryAsync<(string, short)>("SELECT code, id FROM administration")).ToDictionary(x => x.Item1, x => x.Item2);
            foreach (var (unit, administration) in Units)
            {
                var size = People.Count(p => p.Unit == unit);
                await data.HeadcountAsync(wave, headcount, unit, ids[administration], size + 2, null, null);
            }
            foreach (var p in People.Where(p => p.Administration is not null))
                ((Dictionary<string, short?>)p.Answers)["B_FORV"] = ids[p.Administration!];
        }
        await data.AddAsync(wave, upload, [.. People.Select(p => new Respondent(p.Key, p.Unit, p.Answers.Select(a => (a.Key, a.Value)).ToList()))]);
    }
}
