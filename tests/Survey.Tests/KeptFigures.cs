using System.Runtime.CompilerServices;

namespace Survey.Tests;

/// <summary>Uploads in the tests bring the goal tally up to date as the product's host has them do (Cli.RunAsync).</summary>
internal static class KeptFigures
{
    [ModuleInitializer]
    internal static void KeepTheGoalTallyCurrent()
    {
        Survey.Ingest.Uploads.StoredRespondents.Keep = Survey.Reports.Goals.GoalTally.KeepCurrentAsync;
        Survey.Ingest.Uploads.StoredRespondents.Counting = Survey.Reports.Goals.RespondentCounter.BeginAsync;
    }
}
