// A model with centred nested intercepts holds their log sds at the random start during its chains' mode search.
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;
using BayesGlmm.Tests.Posteriors;

namespace BayesGlmm.Tests.Fitting;

public sealed class CentredModeSearchTests
{
    /// <summary>
    /// lme4's Pastes on the joint route with the casks centred in their batches (2 assays per cask). A free L-BFGS search in
    /// the centred coordinates climbs into the spike where sd_cask goes to 0 and σ takes all the variation (lme4's REML:
    /// sd_cask 2.90, σ 0.82); the model's own search holds the centred log sd where the random start put it and fits the rest.
    /// </summary>
    [Fact]
    public void TheSearchHoldsTheCentredSdAndAvoidsTheSpikeAtZero()
    {
        var model = (GlmmModel)ModelComposition.Prepare(new ModelSpec("pastes", Path.Combine(PosteriorMatchTests.RepositoryRoot(), "models", "pastes.csv"),
            "strength ~ 1 + (1 | batch/cask)", "gaussian", [], []) { Effects = EffectsRoute.Joint, Centring = HierarchicalCentring.Nested }).Model;
        var pair = Assert.Single(model.Structure.Blocks.OfType<NestedCentredEffects>());
        int logSdCask = Assert.Single(pair.CentredLogSds);
        int sdCask = model.OutputNames.ToList().IndexOf("sd_batch:cask__Intercept"), sigma = model.OutputNames.ToList().IndexOf("sigma");
        var outputs = new double[model.OutputNames.Count];
        for (int chain = 0; chain < 4; chain++)
        {
            var start = new double[model.Dimension];
            new ModeSeekingInitialPoints(2.0, 0).Write(chain, model.Create(), RandomStream.ForChain(5, chain), start);
            var searched = new double[model.Dimension];
            model.ModeSearch(2.0, SamplerOptions.DefaultModeSearchIterations).Write(chain, model.Create(), RandomStream.ForChain(5, chain), searched);
            Assert.Equal(start[logSdCask], searched[logSdCask]);
            Assert.NotEqual(start, searched);
            Assert.True(double.IsFinite(model.Evaluate(searched, new double[model.Dimension])));

            var free = new double[model.Dimension];
            new ModeSeekingInitialPoints(2.0, SamplerOptions.DefaultModeSearchIterations).Write(chain, model.Create(), RandomStream.ForChain(5, chain), free);
            model.WriteOutputs(free, outputs, RandomStream.ForChain(5, chain));
            Assert.True(outputs[sdCask] < 0.5 && outputs[sigma] > 2.0, $"chain {chain + 1}: the free search ended at sd_cask {outputs[sdCask]}, sigma {outputs[sigma]}");
        }
    }
}
