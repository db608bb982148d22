using Survey.Ingest.Exports;

namespace Survey.Tests.Ingest.Exports;

/// <summary>Submission times without an offset are Swedish local time; the common ISO shapes skip the general parser;
/// a time that does not exist, or lies outside 1900–2999, is not a time.</summary>
public sealed class TimestampTests
{
    [Theory]
    [InlineData("2021-04-25 20:31:01", "2021-04-25T18:31:01")] // summer time, UTC+2
    [InlineData("2021-01-15 08:00:00", "2021-01-15T07:00:00")] // winter time, UTC+1
    [InlineData("2021-04-25T20:31", "2021-04-25T18:31:00")]
    [InlineData(" 2021-04-25 20:31 ", "2021-04-25T18:31:00")]
    [InlineData("4/25/2021 20:31:01", "2021-04-25T18:31:01")]
    [InlineData("25.4.2021 20:31", "2021-04-25T18:31:00")]
    [InlineData("2021-04-25T20:31:01+02:00", "2021-04-25T18:31:01")]
    [InlineData("2021-04-25T18:31:01Z", "2021-04-25T18:31:01")]
    [InlineData("2021-03-28 02:30:00", "2021-03-28T01:30:00")] // the hour skipped in spring counts as standard time
    public void A_time_is_read_as_UTC(string text, string utc)
    {
        Assert.True(Timestamps.TryParseUtc(text, out var parsed));
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture).Ticks, parsed!.Value.Ticks);
    }

    [Fact]
    public void An_empty_field_is_no_time_and_no_problem()
    {
        Assert.True(Timestamps.TryParseUtc(" ", out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData("2021-02-30 10:00:00")]
    [InlineData("2021-02-30")]
    [InlineData("25:61:61")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("9999-12-31 23:59:59")]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("2021-13-01 10:00:00")]
    [InlineData("2021-04-25 24:00:00")]
    [InlineData("2021-04-25 20:61")]
    [InlineData("2021-0a-25 20:31:01")]
    [InlineData("igår")]
    public void Anything_else_is_not_a_time(string text) => Assert.False(Timestamps.TryParseUtc(text, out _));
}
