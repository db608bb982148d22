using Survey.Ingest.Uploads;

namespace Survey.Ingest.Exports;

/// <summary>
/// Hands the rows of a first load to their counter in batches, counted on another thread while the reading thread
/// parses and copies the next batch: the counting was two fifths of the reading thread's time, and the load is bound
/// by that thread (README, Benchmarks). Two batches take turns, so at most one is counted while the other fills, and
/// the counter sees every row once, in the file's order, from one thread at a time.
/// </summary>
internal sealed class CountingBehind(IRespondentCounter counter, int answers)
{
    private const int BatchRows = 4096;

    private Batch _filling = new(answers), _other = new(answers);
    private Task _counting = Task.CompletedTask;

    public void Add(string? unit, short?[] row)
    {
        _filling.Add(unit, row);
        if (_filling.Rows < BatchRows)
            return;
        _counting.GetAwaiter().GetResult(); // the other batch is counted, and free
        var full = _filling;
        _counting = Task.Run(() => full.CountInto(counter));
        (_filling, _other) = (_other, full);
    }

    /// <summary>The counter, once every row added is counted.</summary>
    public async Task<IRespondentCounter> CountedAsync()
    {
        await _counting;
        _filling.CountInto(counter);
        return counter;
    }

    private sealed class Batch(int answers)
    {
        private readonly short?[] _answers = new short?[BatchRows * answers];
        private readonly string?[] _units = new string?[BatchRows];
        private readonly short?[] _row = new short?[answers];

        public int Rows { get; private set; }

        public void Add(string? unit, short?[] row)
        {
            row.CopyTo(_answers, Rows * answers);
            _units[Rows++] = unit;
        }

        public void CountInto(IRespondentCounter counter)
        {
            for (var i = 0; i < Rows; i++)
            {
                Array.Copy(_answers, i * answers, _row, 0, answers);
                counter.Add(_units[i], _row);
            }
            Rows = 0;
        }
    }
}
