using System.Globalization;
using Survey.Ingest.Reading;

namespace Survey.Reports.Goals.Definitions;

/// <summary>
/// Recursive descent over the tokens of a condition:
/// <code>
/// or         := and ("or" and)*
/// and        := not ("and" not)*
/// not        := "not" not | "(" or ")" | comparison
/// comparison := QUESTION ( ["not"] "answered" | OP value | ["not"] "in" "(" value ("," value)* ")" )
/// value      := number | "quoted label" | bare words (a label, alias or option code)
/// </code>
/// Keywords in English or Swedish (och, eller, inte, besvarad), case-insensitive; OP one of = != &lt;&gt; &lt; &lt;= &gt; &gt;= ≥ ≤.
/// </summary>
internal sealed class ConditionParser
{
    private enum Kind { Word, Number, Quoted, Symbol, End }

    private sealed record Token(Kind Kind, string Text, int At);

    private static readonly Dictionary<string, string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["and"] = "and", ["och"] = "and", ["or"] = "or", ["eller"] = "or", ["not"] = "not", ["inte"] = "not",
        ["in"] = "in", ["answered"] = "answered", ["besvarad"] = "answered", ["besvarat"] = "answered",
    };

    private static readonly Dictionary<string, string> Operators = new()
    {
        ["="] = "=", ["!="] = "<>", ["<>"] = "<>", ["<"] = "<", ["<="] = "<=", [">"] = ">", [">="] = ">=",
        ["≥"] = ">=", ["≤"] = "<=", ["≠"] = "<>",
    };

    private const string Starts = "en frågekod, \"not\" eller \"(\"";

    private readonly string _text;
    private readonly Instrument _instrument;
    private readonly List<Token> _tokens;
    private int _next;

    public ConditionParser(string text, Instrument instrument)
    {
        (_text, _instrument) = (text, instrument);
        _tokens = Tokenize(text);
    }

    public Condition ParseAll()
    {
        if (Peek.Kind == Kind.End)
            throw Error(Peek, "ett villkor, t.ex. \"A_ERGONOMI >= 5\"");
        var condition = ParseOr();
        if (Peek.Kind != Kind.End)
            throw Error(Peek, Peek.Text == ")" ? "inget \")\" utan ett \"(\" före" : "\"and\", \"or\" eller slutet av villkoret");
        return condition;
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next++];

    private bool IsKeyword(Token t, string keyword) =>
        t.Kind == Kind.Word && Keywords.TryGetValue(t.Text, out var k) && k == keyword;

    private Condition ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword(Peek, "or"))
        {
            Take();
            left = new Condition.Or(left, ParseAnd());
        }
        return left;
    }

    private Condition ParseAnd()
    {
        var left = ParseNot();
        while (IsKeyword(Peek, "and"))
        {
            Take();
            left = new Condition.And(left, ParseNot());
        }
        return left;
    }

    private Condition ParseNot()
    {
        var token = Peek;
        if (IsKeyword(token, "not"))
        {
            Take();
            return new Condition.Not(ParseNot());
        }
        if (token.Text == "(" && token.Kind == Kind.Symbol)
        {
            Take();
            var inner = ParseOr();
            if (Peek.Text != ")" || Peek.Kind != Kind.Symbol)
                throw Error(Peek, "\")\", \"and\" eller \"or\"");
            Take();
            return inner;
        }
        return ParseComparison();
    }

    private Condition ParseComparison()
    {
        var token = Take();
        if (token.Kind != Kind.Word || Keywords.ContainsKey(token.Text))
            throw Error(token, Starts);
        var question = _instrument.Positioned.FirstOrDefault(q => string.Equals(q.Code, token.Text, StringComparison.OrdinalIgnoreCase))
                       ?? throw Error(token, "en frågekod ur instrumentet (fritextfrågor och enhet kan inte räknas)", unknown: true);
        var negated = false;
        if (IsKeyword(Peek, "not"))
        {
            Take();
            negated = true;
            if (!IsKeyword(Peek, "answered") && !IsKeyword(Peek, "in"))
                throw Error(Peek, $"\"answered\" eller \"in\" efter \"{question.Code} not\"");
        }
        if (IsKeyword(Peek, "answered"))
        {
            Take();
            return new Condition.Answered(question, negated);
        }
        if (IsKeyword(Peek, "in"))
        {
            Take();
            if (Peek.Text != "(" || Peek.Kind != Kind.Symbol)
                throw Error(Peek, $"\"(\" och en lista av värden efter \"in\", t.ex. {question.Code} in (1, 2)");
            Take();
            var values = new List<Condition.Value> { ParseValue(question, "=") };
            while (Peek.Text == "," && Peek.Kind == Kind.Symbol)
            {
                Take();
                values.Add(ParseValue(question, "="));
            }
            if (Peek.Text != ")" || Peek.Kind != Kind.Symbol)
                throw Error(Peek, "\",\" och ett värde till, eller \")\"");
            Take();
            return new Condition.Among(question, values, negated);
        }
        var op = Take();
        if (op.Kind != Kind.Symbol || !Operators.TryGetValue(op.Text, out var sqlOperator))
            throw Error(op, $"en jämförelse efter {question.Code}: =, !=, <, <=, >, >=, \"in (…)\" eller \"answered\"");
        if (sqlOperator is "<" or "<=" or ">" or ">=" && question.Kind is not ("likert" or "number"))
            throw Error(op, $"= , != eller \"in (…)\": {question.Code} har svarsalternativ utan ordning");
        return new Condition.Comparison(question, sqlOperator, ParseValue(question, sqlOperator));
    }

    /// <summary>A value for the question: checked against its options, aliases, administrations or scale.</summary>
    private Condition.Value ParseValue(Question question, string op)
    {
        var first = Peek;
        var words = new List<Token>();
        if (first.Kind is Kind.Number or Kind.Quoted)
            words.Add(Take());
        else
            while (Peek.Kind == Kind.Word && !Keywords.ContainsKey(Peek.Text))
                words.Add(Take());
        if (words.Count == 0)
            throw Error(first, $"ett värde för {question.Code} ({Expected(question)})");
        var text = string.Join(" ", words.Select(w => w.Text));
        var token = first with { Text = text };

        if (question.Kind == "number")
        {
            if (first.Kind != Kind.Number)
                throw Error(token, $"ett tal för {question.Code} ({Expected(question)})");
            var number = decimal.Parse(text, CultureInfo.InvariantCulture);
            if (number < question.MinValue || number > question.MaxValue)
                throw Error(token, $"ett tal inom {question.Code}s skala ({Expected(question)})");
            return new Condition.Value(number, number.ToString(CultureInfo.GetCultureInfo("sv-SE")));
        }
        if (question.Kind == "administration")
        {
            var wanted = Normalise.Label(text);
            var administration = _instrument.CountedAdministrations.FirstOrDefault(a =>
                Normalise.Label(a.Code) == wanted || Normalise.Label(a.Name) == wanted);
            if (administration is null)
                throw Error(token, $"en förvaltnings namn eller kod ({Expected(question)})", unknown: true);
            return new Condition.Value(administration.Id, Condition.Quote(administration.Name));
        }
        var options = _instrument.OptionsOf(question.Code).ToList();
        AnswerOption? option;
        if (first.Kind == Kind.Number)
            option = options.FirstOrDefault(o => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && o.Code == n);
        else
        {
            var wanted = Normalise.Label(text);
            option = options.FirstOrDefault(o => Normalise.Label(o.Label) == wanted)
                     ?? _instrument.Aliases.Where(a => a.QuestionCode == question.Code && Normalise.Label(a.Alias) == wanted)
                         .Select(a => options.FirstOrDefault(o => o.Code == a.Code)).FirstOrDefault(o => o is not null);
        }
        if (option is null)
            throw Error(token, $"ett svarsalternativ till {question.Code} ({Expected(question)})", unknown: true);
        if (!option.CountsAsAnswer)
            throw Error(token, $"ett svarsalternativ som räknas som svar: «{option.Label}» räknas som ej besvarad, använd \"{question.Code} not answered\"");
        var shown = question.Kind == "likert" && op != "=" ? option.Code.ToString(CultureInfo.InvariantCulture) : Condition.Quote(option.Label);
        return new Condition.Value(option.Code, shown);
    }

    /// <summary>What a value of the question may be, for messages.</summary>
    private string Expected(Question question)
    {
        var sv = CultureInfo.GetCultureInfo("sv-SE");
        return question.Kind switch
        {
            "number" => $"{question.MinValue?.ToString("0.##", sv)}–{question.MaxValue?.ToString("0.##", sv)}, decimaler med punkt",
            "administration" => string.Join(", ", _instrument.CountedAdministrations.Select(a => a.Code)),
            _ => string.Join(", ", _instrument.OptionsOf(question.Code).Where(o => o.CountsAsAnswer)
                .Select(o => $"{o.Code.ToString(CultureInfo.InvariantCulture)} {Condition.Quote(o.Label)}")),
        };
    }

    private UserError Error(Token at, string expected, bool unknown = false)
    {
        var what = at.Kind == Kind.End
            ? $"Villkoret \"{_text}\" tar slut"
            : $"{(unknown ? "Okänt" : "Oväntat")} '{at.Text}' vid tecken {at.At} i villkoret \"{_text}\"";
        return new UserError($"{what}: förväntade {expected}.");
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var at = i + 1;
            if (c is '"' or '\'' or '«' or '“')
            {
                var close = c switch { '«' => '»', '“' => '”', _ => c };
                var end = text.IndexOf(close, i + 1);
                if (end < 0)
                    throw new UserError($"Citattecknet vid tecken {at} i villkoret \"{text}\" stängs aldrig: förväntade {close} efter värdet.");
                tokens.Add(new Token(Kind.Quoted, text[(i + 1)..end], at));
                i = end + 1;
                continue;
            }
            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (two is "<=" or ">=" or "!=" or "<>")
            {
                tokens.Add(new Token(Kind.Symbol, two, at));
                i += 2;
                continue;
            }
            if ("()=<>,≥≤≠".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString(), at));
                i++;
                continue;
            }
            if (!IsWordChar(c))
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString(), at)); // e.g. ';' or '!': refused by the parser where it stands
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
                i++;
            var word = text[start..i];
            var isNumber = decimal.TryParse(word, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                           && word.Any(char.IsAsciiDigit);
            tokens.Add(new Token(isNumber ? Kind.Number : Kind.Word, word, at));
        }
        tokens.Add(new Token(Kind.End, "", text.Length + 1));
        return tokens;
    }

    /// <summary>Letters, digits and the punctuation of labels such as "-29", "50-" or "co-workingmiljö".</summary>
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '+' or ':' or '%' or '&';
}
