using System.Text;

namespace Survey.Scheduler.Accounts;

/// <summary>
/// Passwords as NIST SP 800-63B-4 asks (§3.1.1.2): at least 15 characters (a password is the only factor here), up
/// to 256, any characters, no composition rules; refused when it is a common password, this service's own words, the
/// account's name, or one short piece repeated. Compared in Unicode NFKC, as it is hashed.
/// </summary>
internal static class PasswordPolicy
{
    public const int MinLength = 15;
    public const int MaxLength = 256;

    private static readonly HashSet<string> Common = LoadCommon();

    public static string Normalise(string password) => password.Normalize(NormalizationForm.FormKC);

    /// <summary>Why the password is refused, in Swedish, or null when it is good.</summary>
    public static string? Problem(string account, string password)
    {
        var p = Normalise(password);
        var length = p.EnumerateRunes().Count();
        if (length < MinLength)
            return $"Lösenordet måste ha minst {MinLength} tecken (det har {length}). Ett långt lösenord av några vanliga ord är både säkert och lätt att minnas.";
        if (length > MaxLength)
            return $"Lösenordet får ha högst {MaxLength} tecken.";
        var letters = new string(p.ToLowerInvariant().Where(char.IsLetter).ToArray());
        if (letters.Length < 4 || Common.Contains(letters) || IsRepeated(letters) || IsRepeated(p.ToLowerInvariant()))
            return "Lösenordet är för vanligt eller för lätt att gissa. Välj ett annat, gärna några ord som inte hör ihop.";
        if (account.Length >= 3 && p.Contains(account, StringComparison.OrdinalIgnoreCase))
            return "Lösenordet får inte innehålla kontots namn.";
        return null;
    }

    /// <summary>A short piece or a common word over and over ("abcabcabc…", "passwordpassword").</summary>
    private static bool IsRepeated(string s)
    {
        for (var unit = 1; unit <= s.Length / 2; unit++)
        {
            if (s.Length % unit != 0)
                continue;
            var piece = s[..unit];
            if ((unit <= 4 || Common.Contains(piece)) && string.Concat(Enumerable.Repeat(piece, s.Length / unit)) == s)
                return true;
        }
        return false;
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("accounts.common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
                words.Add(new string(line.ToLowerInvariant().Where(char.IsLetter).ToArray()));
        }
        return words;
    }
}
