// Per-chain sampler diagnostics: divergences, maximum-tree-depth hits, E-BFMI.
namespace BayesGlmm.Reporting;

/// <summary>Sampler diagnostics of one chain (1-based chain number).</summary>
public sealed record ChainDiagnostics(int Chain, int Draws, int Divergences, int MaxTreedepthHits, double Ebfmi);
