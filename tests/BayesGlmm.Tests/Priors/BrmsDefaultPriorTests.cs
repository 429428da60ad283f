// The default priors of every catalogue model equal brms 2.18's get_prior() for the classes brms gives defaults to.
using BayesGlmm.Fitting;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Tests.Posteriors;

namespace BayesGlmm.Tests.Priors;

/// <summary>
/// Reference/priors/brms_default_priors.csv holds brms's class-level defaults (Intercept, sd, sigma, ...) for each model
/// in models/ (made by brms_default_priors.R beside it). Each model is built without its priors, so that every prior in
/// force is a default, and each of brms's rows is matched: the class <c>Intercept</c> to the centred intercept's prior
/// (<c>Intercept</c>, or <c>Intercept_muB</c> for a category) or to every cutpoint's, <c>sd</c> to every group-level sd's,
/// a family parameter to its own.
/// </summary>
public sealed class BrmsDefaultPriorTests
{
    private static IEnumerable<(string Model, string Class, string Dpar, string Prior)> Reference()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Reference", "priors", "brms_default_priors.csv");
        foreach (string line in File.ReadLines(path).Where(l => !l.StartsWith('#')).Skip(1))
        {
            var f = line.Split("\",\"").Select(x => x.Trim('"')).ToArray();
            if (f[3].Length > 0) yield return (f[0], f[1], f[2], f[3]);
        }
    }

    public static TheoryData<string> Models() => new(Reference().Select(r => r.Model).Distinct());

    [Theory]
    [MemberData(nameof(Models))]
    public void DefaultsEqualBrms(string name)
    {
        var file = ModelFile.Load(Path.Combine(PosteriorMatchTests.RepositoryRoot(), "models", name + ".json"));
        var uses = ((Modeling.IFramedModel)ModelComposition.Prepare(file.Model with { Priors = [] }).Model).PriorsUsed;
        Assert.All(uses, u => Assert.True(u.IsDefault, u.ToString()));
        foreach (var (_, cls, dpar, prior) in Reference().Where(r => r.Model == name))
        {
            var matched = cls switch
            {
                "Intercept" => uses.Where(u => u.Parameter == (dpar.Length > 0 ? "Intercept_" + dpar : "Intercept")
                                               || u.Parameter.StartsWith("Intercept[", StringComparison.Ordinal) || u.Parameter.StartsWith("b_Intercept[", StringComparison.Ordinal)),
                "sd" => uses.Where(u => u.Parameter.StartsWith("sd_", StringComparison.Ordinal) && (dpar.Length == 0 || u.Parameter.Contains("__" + dpar + "_", StringComparison.Ordinal))),
                _ => uses.Where(u => u.Parameter == cls),
            };
            var list = matched.ToList();
            Assert.True(list.Count > 0, $"{name}: no prior in force for brms's class {cls} {dpar}");
            var expected = Parse(prior);
            foreach (var use in list)
            {
                var actual = Parse(use.Prior);
                Assert.True(expected.GetType() == actual.GetType() && expected.Arguments.Zip(actual.Arguments).All(p => Math.Abs(p.First - p.Second) <= 1e-12 * (1 + Math.Abs(p.First))),
                    $"{name}: {use.Parameter} ~ {use.Prior}, brms's {cls} {dpar} default {prior}");
            }
        }
    }

    private static ScalarPrior Parse(string text) => (ScalarPrior)PriorSpec.Parse("b ~ " + text).Distribution;
}
