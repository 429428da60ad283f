// Parses a family as written in a model file or on the command line: "gaussian", "binomial(probit)", "gamma(link = log)".
using System.Text.RegularExpressions;

namespace BayesGlmm.Modeling.Families;

/// <summary>
/// The families BayesGlmm knows and their links, brms's default link first, and the parser of
/// <c>name</c>, <c>name(link)</c>, <c>name(link = "link")</c> (names are case-insensitive, so brms's
/// <c>Gamma</c> and <c>Beta</c> are accepted).
/// </summary>
public static partial class FamilySpec
{
    private static readonly (string Name, Link[] Links, Func<Link, IFamily> Create)[] Known =
    [
        ("gaussian", [Link.Identity, Link.Log], l => new GaussianFamily(l)),
        ("bernoulli", [Link.Logit, Link.Probit, Link.Cloglog], l => new BinomialFamily(l, bernoulli: true)),
        ("binomial", [Link.Logit, Link.Probit, Link.Cloglog], l => new BinomialFamily(l)),
        ("poisson", [Link.Log], _ => new PoissonFamily()),
        ("negbinomial", [Link.Log], _ => new NegBinomialFamily()),
        ("zero_inflated_poisson", [Link.Log], _ => ZeroCountFamily.ZeroInflatedPoisson),
        ("zero_inflated_negbinomial", [Link.Log], _ => ZeroCountFamily.ZeroInflatedNegBinomial),
        ("hurdle_poisson", [Link.Log], _ => ZeroCountFamily.HurdlePoisson),
        ("hurdle_negbinomial", [Link.Log], _ => ZeroCountFamily.HurdleNegBinomial),
        ("gamma", [Link.Inverse, Link.Log], l => new GammaFamily(l)),
        ("lognormal", [Link.Identity], _ => new LognormalFamily()),
        ("beta", [Link.Logit], _ => new BetaFamily()),
        ("student", [Link.Identity], _ => new StudentFamily()),
        ("cumulative", [Link.Logit, Link.Probit], l => new CumulativeFamily(l)),
        ("categorical", [Link.Logit], _ => new CategoricalFamily()),
    ];

    /// <summary>The family names, in the order shown in messages.</summary>
    public static IReadOnlyList<string> FamilyNames { get; } = [.. Known.Select(k => k.Name)];

    /// <summary>The links a family accepts, its default (brms's) first.</summary>
    public static IReadOnlyList<string> LinksOf(string family)
    {
        foreach (var k in Known) if (k.Name == family) return [.. k.Links.Select(l => l.Name())];
        throw new ArgumentException($"Unknown family '{family}'.", nameof(family));
    }

    [GeneratedRegex("""^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(?:\(\s*(?:link\s*=\s*)?["']?([A-Za-z_]*)["']?\s*\))?\s*$""")]
    private static partial Regex Pattern();

    /// <summary>Parses <paramref name="text"/>; an unknown family or link throws <see cref="InputException"/> listing the valid ones.</summary>
    public static IFamily Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Pattern().Match(text);
        if (!m.Success)
            throw new InputException($"Cannot read the family '{text}': write a family name with an optional link, e.g. \"binomial\" or \"binomial(probit)\". Valid families: {string.Join(", ", FamilyNames)}.");
        string name = m.Groups[1].Value.ToLowerInvariant();
        string link = m.Groups[2].Value.ToLowerInvariant();
        foreach (var k in Known)
        {
            if (k.Name != name) continue;
            if (link.Length == 0) return k.Create(k.Links[0]);
            foreach (var l in k.Links) if (l.Name() == link) return k.Create(l);
            throw new InputException($"The {name} family has no link '{m.Groups[2].Value}'. Valid links for {name}: {string.Join(", ", k.Links.Select(x => x.Name()))}.");
        }
        throw new InputException($"Unknown family '{m.Groups[1].Value}'. Valid families: {string.Join(", ", FamilyNames)}.");
    }
}
