// Samples a model in memory and summarises its reported draws, as the fit service does, for the HGLM statistical tests.
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;
using BayesGlmm.Tests.Posteriors;

namespace BayesGlmm.Tests.Hglm;

internal sealed record HglmFit(Draws Draws, IReadOnlyDictionary<string, SummaryValues> Summary, int Divergences, IReadOnlyList<SummaryRow> Rows);

internal static class HglmFits
{
    /// <summary>
    /// Samples <paramref name="model"/> and writes its reported draws with one output stream per chain (seed, chain);
    /// with <paramref name="predictive"/> also log_lik[n] (the pointwise log-likelihood) and y_rep[n] per draw.
    /// </summary>
    public static HglmFit Run(IStatisticalModel model, SamplerOptions options, bool predictive = false)
    {
        var result = NutsSampler.Run(model, options);
        int chains = result.Chains.Count, draws = options.Draws, dimension = result.Dimension, n = model.ObservationCount;
        var names = model.OutputNames.ToList();
        int outputCount = names.Count;
        if (predictive)
        {
            for (int i = 1; i <= n; i++) names.Add($"log_lik[{i}]");
            for (int i = 1; i <= n; i++) names.Add($"y_rep[{i}]");
        }
        var reported = new Draws(names, chains, draws);
        var outputs = new double[outputCount];
        var logLik = new double[n];
        var yRep = new double[n];
        int divergences = 0;
        for (int c = 0; c < chains; c++)
        {
            var chain = result.Chains[c];
            var rng = RandomStream.ForChain(options.Seed ^ 0x5EEDUL, c);
            for (int it = 0; it < draws; it++)
            {
                model.WriteOutputs(chain.Draws.AsSpan(it * dimension, dimension), outputs, rng);
                for (int v = 0; v < outputs.Length; v++) reported.Chain(v, c)[it] = outputs[v];
                if (predictive)
                {
                    model.PointwiseLogLikelihood(outputs, logLik);
                    model.ReplicateResponse(outputs, rng, yRep);
                    for (int i = 0; i < n; i++)
                    {
                        reported.Chain(outputCount + i, c)[it] = logLik[i];
                        reported.Chain(outputCount + n + i, c)[it] = yRep[i];
                    }
                }
                if (chain.Statistics[it].Divergent) divergences++;
            }
        }
        var rows = PosteriorSummary.Compute(reported);
        var summary = rows.ToDictionary(r => r.Variable, r => new SummaryValues(r.Mean, r.Sd, r.McseMean, r.McseSd, r.EssBulk, r.Rhat));
        return new HglmFit(reported, summary, divergences, rows);
    }

    /// <summary>The model's conjugate random intercept.</summary>
    public static ConjugateEffects Conjugate(this GlmmModel model) => model.Structure.Blocks.OfType<ConjugateEffects>().Single();

    /// <summary>The model of a model file in the catalogue, optionally on the joint route.</summary>
    public static IStatisticalModel Catalogue(string name, bool joint = false)
    {
        var file = ModelFile.Load(Path.Combine(PosteriorMatchTests.RepositoryRoot(), "models", name + ".json"));
        return ModelComposition.Prepare(file.Model with { JointConjugateEffects = joint }).Model;
    }

    /// <summary>A model from a CSV text written to a temporary file, built through the formula pipeline.</summary>
    public static IStatisticalModel FromCsv(string csv, string formula, string family, IReadOnlyList<string> priors, bool joint = false)
    {
        string path = Path.Combine(Path.GetTempPath(), $"bayesglmm-hglm-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        try
        {
            return ModelComposition.Prepare(new ModelSpec("test", path, formula, family, priors, []) { JointConjugateEffects = joint }).Model;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
