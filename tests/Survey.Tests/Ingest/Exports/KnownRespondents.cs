namespace Survey.Tests.Ingest.Exports;

/// <summary>Two respondents written by hand in every export shape, and what must be stored for them.</summary>
internal static class KnownRespondents
{
    public const string FirstFreeText = "=SUMMA(A1:A3); \"bra\"\nny rad, med komma";
    public const string SecondGood = "<script>alert(1)</script>";
    public const string SecondBetter = "@IT +46\t-minus";

    public static readonly string[] Codes =
    [
        "B_FORV", "B_ENHET", "B_KON", "B_ALDER", "B_CHEF", "B_HEMKOMMUN", "B_ARBKOMMUN", "D_DAGAR", "D_PLATS", "D_AVTAL",
        "D_ONSKAT", "D_HUBB", "D_UPPGIFTER", "D_RESTID", "A_UTRUSTNING", "A_MOTEN", "A_IT_STOD", "A_ERGONOMI", "A_DELAKTIG",
        "A_CHEFSTOD", "A_ATERHAMTNING", "A_SAKERHET", "A_BELASTNING", "A_KOMPETENS", "L_LEDARSKAP", "L_TEAM", "F_BRA", "F_BATTRE",
    ];

    public static readonly string[] Texts =
    [
        "Förvaltning", "Enhet", "Kön", "Åldersgrupp", "Är du chef?", "I vilken kommun bor du?",
        "I vilken kommun ligger din ordinarie arbetsplats?",
        "Hur många dagar per vecka har du i genomsnitt arbetat på distans de senaste tre månaderna?",
        "Var arbetar du oftast när du arbetar på distans?", "Har du ett skriftligt distansarbetsavtal med din chef?",
        "Hur många dagar per vecka skulle du vilja arbeta på distans framöver?",
        "Skulle du kunna tänka dig att arbeta från en arbetshubb i din hemkommun?",
        "Går dina arbetsuppgifter att utföra på distans?",
        "Hur lång är din resa till den ordinarie arbetsplatsen, enkel väg, i minuter?",
        "Jag har den tekniska utrustning jag behöver för att arbeta på distans", "Digitala möten fungerar bra i mitt arbete",
        "Jag får det IT-stöd jag behöver när jag arbetar på distans",
        "Jag har en ergonomiskt bra arbetsplats när jag arbetar på distans",
        "Jag känner mig delaktig i min arbetsgrupp även när jag arbetar på distans",
        "Min chef ger mig det stöd jag behöver när jag arbetar på distans",
        "Jag kan koppla bort arbetet och återhämta mig på min fritid",
        "Jag vet hur jag hanterar informationssäkerhet när jag arbetar på distans",
        "Min arbetsbelastning är rimlig när jag arbetar på distans", "Jag har den digitala kompetens jag behöver i mitt arbete",
        "Har du genomgått utbildningen \"Ledarskap på distans\"? (endast chefer)",
        "Har du genomgått utbildningen \"Effektiva virtuella team\"? (endast chefer)",
        "Vad fungerar bra med distansarbete?", "Vad kan förbättras?",
    ];

    public static readonly string[] FirstAsCodes =
        ["HSF", "HSF-0012", "1", "2", "2", "2309", "2380", "2.5", "1", "1", "3", "3", "2", "25", "4", "5", "6", "3", "9", "2", "1", "", "5", "4", "", "", FirstFreeText, ""];

    public static readonly string[] SecondAsCodes =
        ["RS", "RS-0001", "2", "1", "1", "9999", "2321", "0", "5", "2", "0.5", "2", "3", "120", "6", "6", "5", "6", "6", "6", "5", "6", "6", "6", "3", "1", SecondGood, SecondBetter];

    public static readonly string[] FirstAsLabels =
    [
        "Hälso- och sjukvårdsförvaltningen", "HSF-0012", "Kvinna", "30-49", "Nej", "Krokom", "Östersund", "2,5", "Hemma", "Ja",
        "3", "Vet ej", "Delvis", "25", "Instämmer till stor del", "Instämmer i mycket stor grad", "Instämmer helt",
        "Instämmer delvis", "Vet ej / Ej aktuellt", "Instämmer i liten grad", "Instämmer inte alls", "",
        "Instämmer i mycket stor grad", "Instämmer till stor del", "", "", FirstFreeText, "",
    ];

    public static readonly string[] SecondAsLabels =
    [
        "Regionstab", "RS-0001", "Man", "-29", "Ja", "Annan kommun", "Åre", "0", "Jag arbetar inte på distans", "Nej", "0,5",
        "Nej", "Nej", "120", "Instämmer helt", "Instämmer helt", "Instämmer i mycket stor grad", "Instämmer helt",
        "Instämmer helt", "Instämmer helt", "Instämmer i mycket stor grad", "Instämmer helt", "Instämmer helt",
        "Instämmer helt", "Anmäld", "Ja", SecondGood, SecondBetter,
    ];

    /// <summary>Administration ids follow db/0002: RS 1, HSF 2. Days and wished days are stored in half days.</summary>
    public static readonly IngestFixture.StoredRespondent First = new("1001", "HSF-0012",
        new DateTime(2021, 4, 20, 12, 33, 5, DateTimeKind.Utc),
        IngestFixture.Answers(("B_FORV", 2), ("B_KON", 1), ("B_ALDER", 2), ("B_CHEF", 2), ("B_HEMKOMMUN", 2309),
            ("B_ARBKOMMUN", 2380), ("D_DAGAR", 5), ("D_PLATS", 1), ("D_AVTAL", 1), ("D_ONSKAT", 6), ("D_HUBB", 3),
            ("D_UPPGIFTER", 2), ("D_RESTID", 25), ("A_UTRUSTNING", 4), ("A_MOTEN", 5), ("A_IT_STOD", 6), ("A_ERGONOMI", 3),
            ("A_DELAKTIG", 9), ("A_CHEFSTOD", 2), ("A_ATERHAMTNING", 1), ("A_BELASTNING", 5), ("A_KOMPETENS", 4)),
        FirstFreeText, null);

    public static readonly IngestFixture.StoredRespondent Second = new("1002", "RS-0001",
        new DateTime(2021, 4, 21, 6, 0, 0, DateTimeKind.Utc),
        IngestFixture.Answers(("B_FORV", 1), ("B_KON", 2), ("B_ALDER", 1), ("B_CHEF", 1), ("B_HEMKOMMUN", 9999),
            ("B_ARBKOMMUN", 2321), ("D_DAGAR", 0), ("D_PLATS", 5), ("D_AVTAL", 2), ("D_ONSKAT", 1), ("D_HUBB", 2),
            ("D_UPPGIFTER", 3), ("D_RESTID", 120), ("A_UTRUSTNING", 6), ("A_MOTEN", 6), ("A_IT_STOD", 5), ("A_ERGONOMI", 6),
            ("A_DELAKTIG", 6), ("A_CHEFSTOD", 6), ("A_ATERHAMTNING", 5), ("A_SAKERHET", 6), ("A_BELASTNING", 6),
            ("A_KOMPETENS", 6), ("L_LEDARSKAP", 3), ("L_TEAM", 1)),
        SecondGood, SecondBetter);
}
