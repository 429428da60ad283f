// R's formula algebra (Wilkinson & Rogers 1973; Chambers & Hastie 1992, ch. 2): expands + - * / : ^ into terms.
namespace BayesGlmm.Modeling.Formulas;

/// <summary>
/// Expands a right-hand side into the intercept, the terms, the offsets and the group-level terms, as R's
/// <c>terms.formula</c> does: <c>a * b</c> = <c>a + b + a:b</c>; <c>a / b</c> = <c>a + a:b</c> (all of a's
/// columns); <c>(a + b)^2</c> = <c>a + b + a:b</c>; <c>- t</c> removes t; <c>0</c> and <c>- 1</c> drop the
/// intercept and <c>1</c> restores it; duplicates are removed and terms are ordered by their order (main
/// effects, then two-way interactions, ...), keeping the written order within an order. The factors of a term
/// are in order of first appearance in the formula, which is how R labels <c>b:a</c> after <c>b</c>.
/// </summary>
internal sealed class TermAlgebra
{
    private readonly string _text;
    private readonly List<Expression> _variables = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    private TermAlgebra(string text) => _text = text;

    /// <summary>Group terms found while expanding, in formula order (only at the top level).</summary>
    private readonly List<GroupSyntax> _groups = [];

    private readonly List<Expression> _offsets = [];

    /// <summary>Smooth terms <c>s(...)</c> found while expanding, in formula order (only at the top level).</summary>
    private readonly List<CallExpression> _smooths = [];

    /// <summary>Expands a formula's right-hand side.</summary>
    public static (TermList Terms, IReadOnlyList<Expression> Offsets, IReadOnlyList<GroupSyntax> Groups, IReadOnlyList<CallExpression> Smooths) ExpandFormula(
        string text, TermSyntax rhs)
    {
        var algebra = new TermAlgebra(text);
        var set = algebra.Expand(rhs, topLevel: true);
        return (algebra.ToTermList(set), algebra._offsets, algebra._groups, algebra._smooths);
    }

    /// <summary>Expands the left of a group term's bar (no offsets or nested group terms allowed).</summary>
    public static TermList ExpandCoefficients(string text, TermSyntax lhs)
    {
        var algebra = new TermAlgebra(text);
        var set = algebra.Expand(lhs, topLevel: false);
        if (algebra._smooths.Count > 0)
            throw algebra.Error(algebra._smooths[0].Position, "s(...) can only be added to the population-level terms, not used inside a group term.");
        return algebra.ToTermList(set);
    }

    /// <summary>The most terms a formula may expand to; beyond it the design could not be held in memory anyway.</summary>
    public const int MaxTerms = 4096;

    private sealed class TermSet
    {
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

        public List<SortedSet<int>> Terms { get; } = [];
        public bool? Intercept { get; set; }
        public bool IsInterceptMarker { get; init; }

        public static string Key(SortedSet<int> term) => string.Join(",", term);

        public bool Contains(SortedSet<int> term) => _keys.Contains(Key(term));

        public void Add(SortedSet<int> term)
        {
            if (_keys.Add(Key(term))) Terms.Add(term);
        }
    }

    private InputException Error(int position, string message) => FormulaError.At(_text, position, message);

    private TermSet Expand(TermSyntax node, bool topLevel)
    {
        switch (node)
        {
            case AtomSyntax atom:
                return ExpandAtom(atom, topLevel);
            case GroupSyntax group:
                if (!topLevel)
                    throw Error(group.Start, "a group-level term (... | g) cannot be used inside another term or group term.");
                _groups.Add(group);
                return new TermSet();
            case NegationSyntax neg:
                return Subtract(new TermSet(), neg.Operand, neg.Start, topLevel);
            case OperatorSyntax op:
                return op.Operator switch
                {
                    TokenKind.Plus => Union(Expand(op.Left, topLevel), Expand(op.Right, topLevel)),
                    TokenKind.Minus => Subtract(Expand(op.Left, topLevel), op.Right, op.OperatorPosition, topLevel),
                    TokenKind.Colon => Interact(Inner(op.Left, op), Inner(op.Right, op)),
                    TokenKind.Star => Cross(Inner(op.Left, op), Inner(op.Right, op)),
                    TokenKind.Slash => Nest(Inner(op.Left, op), Inner(op.Right, op)),
                    TokenKind.Caret => Power(Inner(op.Left, op), op.Right, op.OperatorPosition),
                    _ => throw Error(op.OperatorPosition, "unexpected operator."),
                };
            default:
                throw new InvalidOperationException($"Unknown syntax node {node.GetType().Name}.");
        }
    }

    // Operands of : * / ^ may not hold group terms, offsets, smooth terms or the intercept markers 0 and 1.
    private TermSet Inner(TermSyntax node, OperatorSyntax op)
    {
        int offsets = _offsets.Count, smooths = _smooths.Count;
        var set = Expand(node, topLevel: false);
        if (_offsets.Count != offsets)
            throw Error(op.OperatorPosition, "offset(...) must be added to the formula on its own, not combined with ':', '*', '/' or '^'.");
        if (_smooths.Count != smooths)
            throw Error(op.OperatorPosition, "s(...) must be added to the formula on its own, not combined with ':', '*', '/' or '^'; use s(x, by = f) for one smooth per level of f.");
        if (set.IsInterceptMarker || (set.Terms.Count == 0 && set.Intercept is not null))
            throw Error(op.OperatorPosition, $"0 and 1 cannot be used with '{OperatorText(op.Operator)}'; they only add or remove the intercept.");
        return set;
    }

    private static string OperatorText(TokenKind kind) => kind switch
    {
        TokenKind.Colon => ":", TokenKind.Star => "*", TokenKind.Slash => "/", TokenKind.Caret => "^", _ => kind.ToString(),
    };

    private TermSet ExpandAtom(AtomSyntax atom, bool topLevel)
    {
        var e = atom.Expression;
        switch (e)
        {
            case NumberExpression n when n.Value == 1:
                return new TermSet { Intercept = true, IsInterceptMarker = true };
            case NumberExpression n when n.Value == 0:
                return new TermSet { Intercept = false, IsInterceptMarker = true };
            case NumberExpression n:
                throw Error(n.Position, $"a number in a formula can only be 0 or 1 (to remove or keep the intercept); write I({n.Deparse()}) for a constant.");
            case StringExpression s:
                throw Error(s.Position, "a string cannot be a term.");
            case CallExpression { Function: "offset" } call:
                if (!topLevel) throw Error(call.Position, "offset(...) can only be added to the population-level terms.");
                if (call.Arguments.Count != 1 || call.NamedArguments.Count != 0)
                    throw Error(call.Position, "offset() takes one argument, e.g. offset(log(t)).");
                FormulaValidation.CheckArithmetic(_text, call.Arguments[0]);
                _offsets.Add(call.Arguments[0]);
                return new TermSet();
            case CallExpression { Function: "s" } call:
                // Collected here; where it may not stand (inside an operator, a removal or a group term) the caller says so.
                _smooths.Add(call);
                return new TermSet();
            case CallExpression { Function: "t2" or "te" or "ti" or "gp" } call:
                throw Error(call.Position, $"{call.Function}(...) smooths are not supported; use s(x) for a one-dimensional smooth.");
            case CallExpression { Function: "factor" } call:
                if (call.Arguments is not [VariableExpression] || call.NamedArguments.Count != 0)
                    throw Error(call.Position, "factor() takes one column name, e.g. factor(period).");
                {
                    var factorSet = new TermSet();
                    factorSet.Add([Variable(call)]);
                    return factorSet;
                }
            case CallExpression { Function: "gr" or "trials" or "se" or "cbind" } call:
                throw Error(call.Position, call.Function == "gr"
                    ? "gr(...) names a grouping factor: use it after the bar of a group term, (1 | gr(g, dist = \"student\"))."
                    : $"{call.Function}(...) belongs on the left of '~'.");
            default:
                FormulaValidation.CheckArithmetic(_text, e);
                var set = new TermSet();
                set.Add([Variable(e)]);
                return set;
        }
    }

    private int Variable(Expression e)
    {
        var key = e.Deparse();
        if (!_index.TryGetValue(key, out int k))
        {
            k = _variables.Count;
            _variables.Add(e);
            _index[key] = k;
        }
        return k;
    }

    private static TermSet Union(TermSet a, TermSet b)
    {
        var r = new TermSet { Intercept = b.Intercept ?? a.Intercept };
        foreach (var t in a.Terms) r.Add(t);
        foreach (var t in b.Terms) r.Add(t);
        return r;
    }

    private TermSet Subtract(TermSet a, TermSyntax rightNode, int position, bool topLevel)
    {
        int groups = _groups.Count, offsets = _offsets.Count, smooths = _smooths.Count;
        var b = Expand(rightNode, topLevel: false);
        if (_groups.Count != groups || _offsets.Count != offsets || _smooths.Count != smooths)
            throw Error(position, "group terms, smooth terms and offsets cannot be removed with '-'.");
        var r = new TermSet { Intercept = a.Intercept };
        foreach (var t in a.Terms)
            if (!b.Contains(t)) r.Add(t);
        // "- 1" removes the intercept, "- 0" restores it.
        if (b.Intercept is { } i) r.Intercept = !i;
        return r;
    }

    private TermSet Interact(TermSet a, TermSet b)
    {
        if ((long)a.Terms.Count * b.Terms.Count > MaxTerms)
            throw Error(0, $"the formula expands to more than {MaxTerms} terms.");
        var r = new TermSet();
        foreach (var s in a.Terms)
            foreach (var t in b.Terms)
            {
                var u = new SortedSet<int>(s);
                u.UnionWith(t);
                r.Add(u);
            }
        return r;
    }

    private TermSet Cross(TermSet a, TermSet b) => Union(Union(a, b), Interact(a, b));

    private TermSet Nest(TermSet a, TermSet b)
    {
        var all = new SortedSet<int>();
        foreach (var t in a.Terms) all.UnionWith(t);
        var outer = new TermSet();
        outer.Add(all);
        return Union(a, Interact(outer, b));
    }

    private TermSet Power(TermSet a, TermSyntax exponentNode, int position)
    {
        if (exponentNode is not AtomSyntax { Expression: NumberExpression n } || n.Value < 1 || n.Value != Math.Floor(n.Value) || n.Value > 10)
            throw Error(position, "the power of a formula term must be a whole number from 1 to 10, as in (a + b)^2.");
        var r = a;
        for (int k = 1; k < (int)n.Value; k++)
        {
            r = Union(r, Interact(r, a));
            if (r.Terms.Count > MaxTerms)
                throw Error(position, $"this power expands to more than {MaxTerms} terms.");
        }
        return r;
    }

    private TermList ToTermList(TermSet set)
    {
        // R's terms.formula: order by the number of factors, stable within an order.
        var ordered = set.Terms.Select((t, i) => (t, i)).OrderBy(p => p.t.Count).ThenBy(p => p.i).Select(p => p.t);
        var terms = ordered.Select(t => new ModelTerm(t.Select(k => _variables[k]).ToArray())).ToArray();
        return new TermList(set.Intercept ?? true, terms);
    }
}
