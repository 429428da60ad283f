// One row of the posterior summary table (summary.csv): location, spread, tails and convergence of a variable.
namespace BayesGlmm.Analysis.Summaries;

/// <summary>
/// The summary of one variable: mean, sd, the 5%, 50% and 95% type-7 quantiles, the Monte Carlo
/// standard errors of the mean and sd, bulk and tail ESS and rank-normalised split R̂ (posterior 1.4.0
/// definitions; NaN where posterior gives NA). Column names in files: variable, mean, sd, q5, q50, q95,
/// mcse_mean, mcse_sd, ess_bulk, ess_tail, rhat.
/// </summary>
public sealed record SummaryRow(
    string Variable,
    double Mean,
    double Sd,
    double Q5,
    double Q50,
    double Q95,
    double McseMean,
    double McseSd,
    double EssBulk,
    double EssTail,
    double Rhat);
