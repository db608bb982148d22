using Survey.Ingest.Exports;

namespace Survey.Tests.Ingest.Exports;

/// <summary>Submission times without an offset are Swedish local time; the common ISO shapes skip the general parser.</summary>
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
    public void A_time_is_read_as_UTC(string text, string utc) =>
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture).Ticks, Timestamps.ParseUtc(text)!.Value.Ticks);

    [Theory]
    [InlineData("")]
    [InlineData("2021-02-30 10:00:00")]
    [InlineData("2021-13-01 10:00:00")]
    [InlineData("2021-04-25 24:00:00")]
    [InlineData("2021-04-25 20:61")]
    [InlineData("2021-0a-25 20:31:01")]
    [InlineData("igår")]
    public void Anything_else_is_no_time(string text) => Assert.Null(Timestamps.ParseUtc(text));
}
