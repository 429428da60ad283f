// How a caller shows a run of several fits: each fit announced by a label and run with the caller's progress receiver.
namespace BayesGlmm.Fitting;

/// <summary>
/// Runs one fit of a run of several (a prior grid's set fits, then the model's own): <paramref name="label"/> says which
/// fit it is (<c>Prior set 'wide' (1 of 2): b ~ normal(0, 100)</c>), <paramref name="fit"/> runs it with the progress
/// receiver the caller gives (null for none) and returns its result, which the watch returns.
/// </summary>
public delegate FitResult FitWatch(string label, Func<IProgress<FitProgress>?, FitResult> fit);
