using Survey.Scheduler.Accounts;

namespace Survey.Tests.Accounts;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("korrekt-hast-batteri")]
    [InlineData("fjällräv blåbär ångbåt")] // spaces and Swedish letters are fine
    [InlineData("ettlångtlösenordutansiffror")] // no composition rules
    public void Long_uncommon_passwords_are_accepted(string password) =>
        Assert.Null(PasswordPolicy.Problem("anna", password));

    [Theory]
    [InlineData("kort-lösen", "minst 15 tecken")]
    [InlineData("Password123456789!", "för vanligt")]
    [InlineData("Lösenord2026-2026", "för vanligt")]
    [InlineData("123456789012345678", "för vanligt")]
    [InlineData("abcabcabcabcabcabc", "för vanligt")]
    [InlineData("passwordpasswordpassword", "för vanligt")]
    [InlineData("Regionjamtlandharjedalen1", "för vanligt")]
    [InlineData("anna.svensson-hemma", "kontots namn")]
    public void Short_common_and_guessable_passwords_are_refused(string password, string reason) =>
        Assert.Contains(reason, PasswordPolicy.Problem("anna.svensson", password));

    [Fact]
    public void Length_counts_characters_not_bytes_after_normalisation()
    {
        // 15 characters, each two bytes in UTF-8: long enough.
        Assert.Null(PasswordPolicy.Problem("anna", "åäöåäöåäöåäöxyz"));
        // "ﬀ" (one compatibility character) becomes "ff" in NFKC, as it is hashed: 14 becomes 15.
        Assert.Null(PasswordPolicy.Problem("anna", "ﬀjällräv-blåbä"));
    }
}
