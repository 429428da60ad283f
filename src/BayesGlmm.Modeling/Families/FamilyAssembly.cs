// Lets the family tests and kernel benchmarks reach the scalar twins of the kernels.
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("BayesGlmm.Modeling.Tests")]
[assembly: InternalsVisibleTo("BayesGlmm.Benchmarks")]
