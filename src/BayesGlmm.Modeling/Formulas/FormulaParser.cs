// A recursive-descent parser for lme4/brms model formulas, over the tokens of FormulaTokenizer.
namespace BayesGlmm.Modeling.Formulas;

/// <summary>
/// Parses <c>response ~ terms</c>. Precedence follows R: on the right of <c>~</c>, <c>+ -</c> bind loosest, then
/// <c>* /</c>, then <c>:</c>, then <c>^</c>; inside calls and <c>I()</c> arithmetic has R's order (<c>+ -</c>,
/// <c>* /</c>, <c>:</c>, unary minus, <c>^</c>). A group term is <c>( ... | group )</c> or <c>( ... || group )</c>.
/// Every error is an <see cref="InputException"/> naming the position.
/// </summary>
internal sealed class FormulaParser
{
    private const int MaxDepth = 200;
    private readonly string _text;
    private readonly IReadOnlyList<Token> _tokens;
    private int _next;
    private int _depth;

    private FormulaParser(string text)
    {
        _text = text;
        _tokens = FormulaTokenizer.Tokenize(text);
    }

    /// <summary>Parses <paramref name="text"/> into the response, the additions and the right-hand side.</summary>
    public static (Expression Response, int ResponseEnd, IReadOnlyList<CallExpression> Additions, TermSyntax Rhs) Parse(string text)
    {
        var parser = new FormulaParser(text);
        return parser.ParseFormula();
    }

    private Token Peek => _tokens[_next];

    private Token PeekAt(int k) => _tokens[Math.Min(_next + k, _tokens.Count - 1)];

    private Token Advance() => _tokens[_next < _tokens.Count - 1 ? _next++ : _next];

    private InputException Error(int position, string message) => FormulaError.At(_text, position, message);

    private Token Expect(TokenKind kind, string what)
    {
        if (Peek.Kind != kind) throw Error(Peek.Position, $"expected {what}, found {Peek.Describe()}.");
        return Advance();
    }

    private void Enter(int position)
    {
        if (++_depth > MaxDepth) throw Error(position, "the formula is nested too deeply.");
    }

    private (Expression, int, IReadOnlyList<CallExpression>, TermSyntax) ParseFormula()
    {
        if (_text.Trim().Length == 0) throw Error(0, "the formula is empty; write it as 'response ~ terms', e.g. 'y ~ 1 + x + (1 | g)'.");
        if (Peek.Kind == TokenKind.Tilde)
            throw Error(Peek.Position, "the formula has no response: write the response before '~', e.g. 'y ~ x'.");
        var response = ParseArithmetic();
        int responseEnd = _tokens[_next - 1].End;
        var additions = new List<CallExpression>();
        if (Peek.Kind == TokenKind.Bar)
        {
            Advance();
            do
            {
                var t = Peek;
                if (ParseArithmeticPrimary() is not CallExpression call)
                    throw Error(t.Position, "expected trials(...) or se(...) after '|' on the left of '~'.");
                additions.Add(call);
            }
            while (Peek.Kind == TokenKind.Plus && Advance().Kind == TokenKind.Plus);
        }
        if (Peek.Kind != TokenKind.Tilde)
            throw Error(Peek.Position, Peek.Kind == TokenKind.End
                ? "the formula has no '~': write it as 'response ~ terms'."
                : $"expected '~' after the response, found {Peek.Describe()}.");
        Advance();
        if (Peek.Kind == TokenKind.End) throw Error(Peek.Position, "nothing after '~': give at least 1 (an intercept) or a term.");
        var rhs = ParseSum();
        if (Peek.Kind != TokenKind.End)
            throw Error(Peek.Position, Peek.Kind switch
            {
                TokenKind.RightParen => "this ')' has no matching '('.",
                TokenKind.Tilde => "a formula has only one '~'.",
                TokenKind.Bar or TokenKind.DoubleBar => "a group-level term must be in parentheses: (1 | g).",
                _ => $"expected '+' or the end of the formula, found {Peek.Describe()}.",
            });
        return (response, responseEnd, additions, rhs);
    }

    // ---- the right-hand side: R's formula operators ----

    private TermSyntax ParseSum()
    {
        Enter(Peek.Position);
        TermSyntax left;
        if (Peek.Kind is TokenKind.Minus or TokenKind.Plus)
        {
            var sign = Advance();
            var operand = ParseProduct();
            left = sign.Kind == TokenKind.Minus ? new NegationSyntax(sign.Position, operand.End, operand) : operand;
        }
        else left = ParseProduct();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var right = ParseProduct();
            left = new OperatorSyntax(left.Start, right.End, op.Kind, op.Position, left, right);
        }
        _depth--;
        return left;
    }

    private TermSyntax ParseProduct()
    {
        var left = ParseInteraction();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Advance();
            var right = ParseInteraction();
            left = new OperatorSyntax(left.Start, right.End, op.Kind, op.Position, left, right);
        }
        return left;
    }

    private TermSyntax ParseInteraction()
    {
        var left = ParsePower();
        while (Peek.Kind == TokenKind.Colon)
        {
            var op = Advance();
            var right = ParsePower();
            left = new OperatorSyntax(left.Start, right.End, op.Kind, op.Position, left, right);
        }
        return left;
    }

    private TermSyntax ParsePower()
    {
        var left = ParseTermPrimary();
        if (Peek.Kind == TokenKind.Caret)
        {
            var op = Advance();
            var right = ParseTermPrimary();
            left = new OperatorSyntax(left.Start, right.End, op.Kind, op.Position, left, right);
        }
        return left;
    }

    private TermSyntax ParseTermPrimary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.LeftParen:
                {
                    Advance();
                    Enter(t.Position);
                    var inner = ParseSum();
                    TermSyntax result;
                    if (Peek.Kind is TokenKind.Bar or TokenKind.DoubleBar)
                    {
                        bool independent = Advance().Kind == TokenKind.DoubleBar;
                        if (Peek.Kind == TokenKind.RightParen)
                            throw Error(Peek.Position, "expected a grouping factor after the bar, e.g. (1 | g).");
                        var group = ParseSum();
                        string? id = null;
                        if (Peek.Kind is TokenKind.Bar or TokenKind.DoubleBar)
                        {
                            // brms's ID syntax (1 | p | g): terms sharing the ID p are correlated across the categories.
                            if (group is not AtomSyntax { Expression: VariableExpression idName } || independent || Peek.Kind == TokenKind.DoubleBar)
                                throw Error(Peek.Position, "expected (coefficients | id | group) with a plain name as the ID, e.g. (1 | p | g).");
                            id = idName.Name;
                            Advance();
                            if (Peek.Kind == TokenKind.RightParen)
                                throw Error(Peek.Position, "expected a grouping factor after the ID, e.g. (1 | p | g).");
                            group = ParseSum();
                        }
                        var close = ExpectClose(t);
                        result = new GroupSyntax(t.Position, close.End, inner, independent, group, id);
                    }
                    else
                    {
                        var close = ExpectClose(t);
                        result = inner with { Start = t.Position, End = close.End };
                    }
                    _depth--;
                    return result;
                }
            case TokenKind.Identifier or TokenKind.Number:
                {
                    var e = ParseArithmeticPrimary();
                    return new AtomSyntax(t.Position, _tokens[_next - 1].End, e);
                }
            case TokenKind.End:
                throw Error(t.Position, "the formula ends where a term was expected.");
            default:
                throw Error(t.Position, $"expected a term (a column name, a call such as log(x), 0, 1 or a group term (1 | g)), found {t.Describe()}.");
        }
    }

    private Token ExpectClose(Token open)
    {
        if (Peek.Kind == TokenKind.RightParen) return Advance();
        if (Peek.Kind == TokenKind.End)
            throw Error(open.Position, "this '(' is never closed.");
        throw Error(Peek.Position, $"expected ')' to close the '(' at position {open.Position + 1}, found {Peek.Describe()}.");
    }

    // ---- arithmetic, inside calls, I() and on the left of '~' ----

    private Expression ParseArithmetic()
    {
        Enter(Peek.Position);
        var left = ParseArithmeticProduct();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var right = ParseArithmeticProduct();
            left = new BinaryExpression(op.Position, op.Text[0], left, right);
        }
        _depth--;
        return left;
    }

    private Expression ParseArithmeticProduct()
    {
        var left = ParseArithmeticColon();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Advance();
            var right = ParseArithmeticColon();
            left = new BinaryExpression(op.Position, op.Text[0], left, right);
        }
        return left;
    }

    private Expression ParseArithmeticColon()
    {
        var left = ParseArithmeticUnary();
        while (Peek.Kind == TokenKind.Colon)
        {
            var op = Advance();
            var right = ParseArithmeticUnary();
            left = new BinaryExpression(op.Position, ':', left, right);
        }
        return left;
    }

    private Expression ParseArithmeticUnary()
    {
        if (Peek.Kind is TokenKind.Minus or TokenKind.Plus)
        {
            var op = Advance();
            Enter(op.Position);
            var operand = ParseArithmeticUnary();
            _depth--;
            return new UnaryExpression(op.Position, op.Text[0], operand);
        }
        return ParseArithmeticPower();
    }

    private Expression ParseArithmeticPower()
    {
        var left = ParseArithmeticPrimary();
        if (Peek.Kind == TokenKind.Caret)
        {
            var op = Advance();
            Enter(op.Position);
            var right = ParseArithmeticUnary();
            _depth--;
            return new BinaryExpression(op.Position, '^', left, right);
        }
        return left;
    }

    private Expression ParseArithmeticPrimary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberExpression(t.Position, double.Parse(t.Text, System.Globalization.CultureInfo.InvariantCulture));
            case TokenKind.String:
                Advance();
                return new StringExpression(t.Position, t.Text);
            case TokenKind.Identifier:
                Advance();
                if (Peek.Kind == TokenKind.LeftParen) return ParseCall(t);
                return new VariableExpression(t.Position, t.Text);
            case TokenKind.LeftParen:
                {
                    Advance();
                    Enter(t.Position);
                    var inner = ParseArithmetic();
                    if (Peek.Kind is TokenKind.Bar or TokenKind.DoubleBar)
                        throw Error(Peek.Position, "a group-level term (... | g) belongs on the right of '~', not inside a call or on the left.");
                    ExpectClose(t);
                    _depth--;
                    return new ParenthesizedExpression(t.Position, inner);
                }
            case TokenKind.End:
                throw Error(t.Position, "the formula ends where a value was expected.");
            default:
                throw Error(t.Position, $"expected a column name, a number or a call, found {t.Describe()}.");
        }
    }

    private CallExpression ParseCall(Token name)
    {
        var open = Advance();
        Enter(open.Position);
        var args = new List<Expression>();
        var named = new List<NamedArgument>();
        if (Peek.Kind != TokenKind.RightParen)
        {
            while (true)
            {
                if (Peek.Kind == TokenKind.Identifier && PeekAt(1).Kind == TokenKind.Equals)
                {
                    var argName = Advance();
                    Advance();
                    named.Add(new NamedArgument(argName.Position, argName.Text, ParseArithmetic()));
                }
                else
                {
                    if (named.Count > 0)
                        throw Error(Peek.Position, "a positional argument cannot follow a named one.");
                    args.Add(ParseArithmetic());
                }
                if (Peek.Kind == TokenKind.Comma) { Advance(); continue; }
                break;
            }
        }
        if (Peek.Kind != TokenKind.RightParen)
        {
            if (Peek.Kind == TokenKind.End) throw Error(open.Position, $"the '(' of {name.Text}( is never closed.");
            throw Error(Peek.Position, $"expected ',' or ')' in the call to {name.Text}, found {Peek.Describe()}.");
        }
        Advance();
        _depth--;
        return new CallExpression(name.Position, name.Text, args, named);
    }
}
