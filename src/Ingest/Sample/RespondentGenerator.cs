namespace Survey.Ingest.Sample;

/// <summary>One generated respondent: answers by question code (option codes, or numbers for number questions).</summary>
internal sealed class SampleRow
{
    public int Id { get; set; }
    public DateTime Submitted { get; set; }
    public SampleUnit Unit { get; set; } = null!;
    public Dictionary<string, decimal?> Answers { get; } = [];
    public Dictionary<string, string?> FreeText { get; } = [];

    /// <summary>A row the tool marks as no respondent: the administrator's preview, or a response left unfinished.</summary>
    public bool Preview { get; set; }

    public bool Unfinished { get; set; }
}

/// <summary>
/// Realistic V16 answers: remote work common in the staff and regional development, rare in health care and
/// dental care; most live in Östersund or Krokom; managers answer the training questions; some free text with
/// characters that must stay data (=, +, -, @, &lt;script&gt;, quotes, line breaks, separators).
/// </summary>
internal sealed class RespondentGenerator(int seed)
{
    private static readonly Dictionary<string, double> Remote = new() { ["RS"] = 0.85, ["RU"] = 0.8, ["HSF"] = 0.3, ["FTV"] = 0.15 };
    private static readonly short[] Municipalities = [2380, 2309, 2321, 2313, 2326, 2305, 2361, 2303, 9999];
    private static readonly double[] Living = [50, 14, 7, 5, 4, 4, 6, 3, 5];
    private static readonly decimal[] RemoteDays = [0.5m, 1, 1.5m, 2, 2.5m, 3, 4, 5];
    private static readonly double[] RemoteDayWeights = [6, 18, 8, 24, 8, 18, 10, 8];

    private static readonly string[] Good =
    [
        "Mindre restid, mer tid för familjen", "Lugn och ro att skriva", "=SUMMA(A1:A3)", "+ slipper pendla 12 mil",
        "-inget att tillägga-", "@chefen: tack för förtroendet", "<script>alert('hej')</script>",
        "Bra \"hybridmöten\" när alla har headset", "Första raden\nandra raden", "Fokus; färre avbrott, bättre kvalitet",
        "Flexibilitet, ansvar och frihet", "Ingen pendling = mer energi", "Kan jobba från stugan i Vemdalen",
    ];

    private static readonly string[] Better =
    [
        "Trög VPN – särskilt på måndagar", "Fler skärmar hemma", "=1+1", "+46 70 123 45 67 svarar aldrig",
        "-", "@IT: Teams kraschar", "Mötesrum med bättre ljud; ibland hörs ingenting", "\"Alltid uppkopplad\" stressar",
        "Rad ett\r\nrad två med tab\there", "Tydligare regler för ersättning, t.ex. för internet", "<b>fet</b> text",
    ];

    private readonly Random _random = new(unchecked(seed * 7919 + 17));

    public void Fill(SampleRow row, SampleUnit unit, int id)
    {
        var r = _random;
        row.Id = id;
        row.Unit = unit;
        row.Submitted = new DateTime(2021, 4, 19, 7, 0, 0).AddSeconds(r.Next(0, 7 * 24 * 3600 - 8 * 3600));
        var a = row.Answers;
        a.Clear();
        row.FreeText.Clear();
        var healthcare = unit.Administration.Code is "HSF" or "FTV";
        a["B_FORV"] = unit.Administration.Id;
        a["B_KON"] = Pick([healthcare ? 76 : 54, healthcare ? 21 : 43, 1, 2]) + 1;
        a["B_ALDER"] = Pick([15, 45, 40]) + 1;
        var manager = r.NextDouble() < 0.08;
        a["B_CHEF"] = manager ? 1 : 2;
        var home = r.NextDouble() < 0.02 ? (short?)null : Municipalities[Pick(Living)];
        a["B_HEMKOMMUN"] = home;
        var work = r.NextDouble() < 0.75 || home is null or 9999 ? (short)2380 : home.Value;
        a["B_ARBKOMMUN"] = work;

        var remote = r.NextDouble() < Remote.GetValueOrDefault(unit.Administration.Code, 0.5);
        var days = remote ? RemoteDays[Pick(RemoteDayWeights)] : 0m;
        a["D_DAGAR"] = r.NextDouble() < 0.02 ? null : days;
        a["D_PLATS"] = remote ? Pick([80, 8, 5, 7]) + 1 : (r.NextDouble() < 0.7 ? 5 : null);
        a["D_AVTAL"] = remote ? Pick([45, 40, 15]) + 1 : (r.NextDouble() < 0.5 ? 2 : null);
        a["D_ONSKAT"] = Math.Min(5m, remote ? days + RemoteDays[Pick([30, 30, 10, 10, 5, 5, 5, 5])] - 0.5m : (r.NextDouble() < 0.35 ? 1 : 0));
        a["D_HUBB"] = Pick([30, 50, 20]) + 1;
        a["D_UPPGIFTER"] = healthcare ? Pick([5, 35, 60]) + 1 : Pick([45, 45, 10]) + 1;
        a["D_RESTID"] = work == home ? r.Next(3, 31) : home is 9999 or null ? r.Next(45, 181) : r.Next(20, 121);

        var mean = 4.2 + (remote ? 0.3 : 0) + Normal() * 0.8;
        foreach (var code in new[] { "A_UTRUSTNING", "A_MOTEN", "A_IT_STOD", "A_ERGONOMI", "A_DELAKTIG", "A_CHEFSTOD",
                     "A_ATERHAMTNING", "A_SAKERHET", "A_BELASTNING", "A_KOMPETENS" })
        {
            var x = r.NextDouble();
            a[code] = x < 0.02 ? null : x < 0.06 ? 9 : Math.Clamp((int)Math.Round(mean + Normal() * 0.9), 1, 6);
        }
        a["L_LEDARSKAP"] = manager ? Pick([55, 30, 15]) + 1 : null;
        a["L_TEAM"] = manager ? Pick([40, 45, 15]) + 1 : null;
        row.FreeText["F_BRA"] = r.NextDouble() < 0.25 ? Good[r.Next(Good.Length)] : null;
        row.FreeText["F_BATTRE"] = r.NextDouble() < 0.2 ? Better[r.Next(Better.Length)] : null;
    }

    private int Pick(double[] weights) => Organisation.Pick(_random, weights);

    private double Normal() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
