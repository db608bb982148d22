using Npgsql;
using Survey.Ingest.Uploads;
using Survey.Reports.Privacy;

namespace Survey.Reports.Goals;

/// <summary>
/// Counts a wave's first load in C# as the ingest parses it (<see cref="StoredRespondents.Counting"/>), so that the
/// upload brings the goal tally and the protection up to date without a pass over the rows it has just stored: the
/// combination rows of the tally (<see cref="WaveAggregate.CombinationSql"/>: respondents and, per measure, answered,
/// sum and sum of squares per combination of the breakdowns' keys) and the n of every sheet row
/// (<see cref="SheetCounts.Sql"/>: per administration and unit, and per combination of the other background
/// fields). The same definitions as the SQL, evaluated on the same answers (<see cref="Answers"/>, the measures'
/// <see cref="SurveyMeasure.Counts"/> and <see cref="SurveyMeasure.Adds"/>); tests hold the two equal.
/// </summary>
internal sealed class RespondentCounter : IRespondentCounter
{
    /// <summary>One combination's or one group's sums: respondents, then per measure (or question) the rest.</summary>
    internal sealed class Sums(int measures)
    {
        public long Respondents;
        public readonly long[] Answered = new long[measures];
        public readonly double[] Values = new double[measures];
        public readonly double[] Squares = new double[measures];
    }

    private readonly Answers _reader;
    private readonly double?[] _answers;
    private readonly SurveyMeasure[] _measures;
    private readonly int[] _keys;
    private readonly int _administration;
    private readonly int[] _fields;
    private readonly int[] _questions;
    private readonly Dictionary<Key, Sums> _combinations = [];
    private readonly Dictionary<(short?, string?), long[]> _units = [];
    private readonly Dictionary<Key, long[]> _groups = [];
    private readonly Key _combination, _group; // a row's keys, looked up without a new key per row
    private readonly (Dictionary<short, long> Counts, int Index)[] _charted;

    private RespondentCounter(Instrument instrument, IReadOnlyList<SurveyMeasure> measures, IReadOnlyList<Question> charted)
    {
        Answers = ChartedAnswers.Empty(charted);
        _charted = [.. charted.DistinctBy(q => q.Code).Select(q => (Answers.CountsOf(q.Code), q.Position!.Value - 1))];
        Instrument = instrument;
        Measures = measures;
        _reader = new Answers(instrument);
        _answers = new double?[_reader.Length];
        _measures = [.. measures];
        int Index(string code) => instrument.Question(code).Position!.Value - 1;
        _keys = [.. Dimension.OfGoals.Select(d => Index(d.QuestionCode))];
        _administration = Index(Dimension.Administration.QuestionCode);
        _fields = [.. SheetCounts.Fields.Select(d => Index(d.QuestionCode))];
        _questions = [.. SheetCounts.QuestionsOf(instrument).Select(q => q.Position!.Value - 1)];
        (_combination, _group) = (new Key(_keys.Length), new Key(_fields.Length));
    }

    /// <summary>The instrument and measures the rows were counted with, loaded in the upload's transaction.</summary>
    public Instrument Instrument { get; }

    public IReadOnlyList<SurveyMeasure> Measures { get; }

    /// <summary>The stored answers of the questions the board charts, counted with the rest.</summary>
    public ChartedAnswers Answers { get; }

    /// <summary>The host's <see cref="StoredRespondents.Counting"/>: a counter with the instrument and goals as the transaction sees them.</summary>
    public static async Task<IRespondentCounter> BeginAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var instrument = await Instrument.LoadAsync(connection, ct);
        var measures = SurveyGoals.Measures(instrument, await Definitions.GoalDefinitions.LoadAsync(connection, ct));
        var charted = await ChartedAnswers.QuestionsAsync(connection, null, instrument, measures, retired: false, ct);
        return new RespondentCounter(instrument, measures, [.. charted.Select(c => c.Question)]);
    }

    public void Add(string? unit, short?[] stored)
    {
        _reader.Read(stored, _answers);
        var key = _combination; // filled in place; a copy is kept only for a combination not met before
        for (var i = 0; i < _keys.Length; i++)
            key[i] = Short(_answers[_keys[i]]);
        if (!_combinations.TryGetValue(key, out var sums))
            _combinations[key.Copy()] = sums = new Sums(_measures.Length);
        sums.Respondents++;
        for (var m = 0; m < _measures.Length; m++)
        {
            var measure = _measures[m];
            if (!measure.Counts(_answers))
                continue;
            var value = measure.Adds(_answers);
            sums.Answered[m]++;
            sums.Values[m] += value;
            sums.Squares[m] += measure.IsShare ? value : value * value;
        }

        foreach (var (counts, index) in _charted)
            ChartedAnswers.Add(counts, index < stored.Length ? stored[index] : null);

        // The sheets' rows: the administration (merges applied) and unit, and the other fields as stored.
        var administration = Short(_answers[_administration]);
        if (!_units.TryGetValue((administration, unit), out var inUnit))
            _units[(administration, unit)] = inUnit = new long[_questions.Length + 1];
        var group = _group;
        for (var i = 0; i < _fields.Length; i++)
            group[i] = _fields[i] < stored.Length ? stored[_fields[i]] : null;
        if (!_groups.TryGetValue(group, out var inGroup))
            _groups[group.Copy()] = inGroup = new long[_questions.Length + 1];
        inUnit[0]++;
        inGroup[0]++;
        for (var q = 0; q < _questions.Length; q++)
            if (_answers[_questions[q]] is not null)
            {
                inUnit[1 + q]++;
                inGroup[1 + q]++;
            }
    }

    /// <summary>The tally's combination rows, keyed by <see cref="Dimension.OfGoals"/>.</summary>
    public IEnumerable<(short?[] Keys, Sums Sums)> Combinations => _combinations.Select(c => (c.Key.Values, c.Value));

    /// <summary>The n of every sheet row, as <see cref="SheetCounts.CountAsync"/> counts them.</summary>
    public SheetCounts Sheets() => SheetCounts.From(Instrument,
    [
        .. _units.Select(u => SheetCounts.UnitCount(u.Key.Item1, u.Key.Item2, u.Value[0], u.Value[1..])),
        .. SheetCounts.Fields.SelectMany((field, i) => _groups.GroupBy(g => g.Key[i]).Select(g =>
            SheetCounts.GroupCount(field, g.Key, g.Sum(x => x.Value[0]),
                [.. Enumerable.Range(1, _questions.Length).Select(q => g.Sum(x => x.Value[q]))]))),
    ]);

    private static short? Short(double? answer) => answer is { } a ? (short)a : null;

    /// <summary>The keys of a combination: a few nullable codes, compared by value.</summary>
    private sealed class Key(int length) : IEquatable<Key>
    {
        public readonly short?[] Values = new short?[length];

        public short? this[int i]
        {
            get => Values[i];
            set => Values[i] = value;
        }

        public Key Copy()
        {
            var copy = new Key(Values.Length);
            Values.CopyTo(copy.Values, 0);
            return copy;
        }

        public bool Equals(Key? other) => other is not null && Values.AsSpan().SequenceEqual(other.Values);

        public override bool Equals(object? obj) => Equals(obj as Key);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var v in Values)
                hash.Add(v);
            return hash.ToHashCode();
        }
    }
}
