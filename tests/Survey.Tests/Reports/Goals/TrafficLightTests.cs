using Survey.Reports.Goals;

namespace Survey.Tests.Reports.Goals;

public sealed class TrafficLightTests
{
    [Theory]
    [InlineData(0.40, "0.40", "higher", "green")]   // exactly on target
    [InlineData(0.36004, "0.40", "higher", "yellow")] // 9.99 % below
    [InlineData(0.36, "0.40", "higher", "red")]      // exactly 10 % below
    [InlineData(4.5, "4.5", "higher", "green")]
    [InlineData(4.05045, "4.5", "higher", "yellow")] // 9.99 %
    [InlineData(4.05, "4.5", "higher", "red")]       // 10 %
    [InlineData(10, "10", "lower", "green")]
    [InlineData(10.999, "10", "lower", "yellow")]
    [InlineData(11, "10", "lower", "red")]
    [InlineData(1.0, "1", "higher", "green")]
    public void Status_follows_the_house_style_boundaries(double outcome, string target, string direction, string expected) =>
        Assert.Equal(expected, TrafficLight.Status(outcome, decimal.Parse(target, System.Globalization.CultureInfo.InvariantCulture), direction));

    [Fact]
    public void No_outcome_has_no_status() => Assert.Null(TrafficLight.Status(null, 0.4m, "higher"));
}
