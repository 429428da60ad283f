// Warnings about a model frame that can be fitted but probably does not say what was meant.
namespace BayesGlmm.Modeling.Frames;

/// <summary>
/// Checks of a built frame that are not errors: the model can be fitted, but a part of it is informed by little
/// more than its prior. Each warning is one sentence naming the term and what to write instead.
/// </summary>
internal static class FrameWarnings
{
    /// <summary>The warnings for the group-level terms of a frame, in formula order.</summary>
    public static IReadOnlyList<string> For(IReadOnlyList<GroupTerm> groups)
    {
        var warnings = new List<string>();
        foreach (var term in groups)
        {
            // A slope is confounded with the group's intercepts when the group has one (in this term or another).
            bool intercept = groups.Any(t => t.Group == term.Group && t.CoefficientNames.Contains(FrameContext.InterceptName));
            if (!intercept) continue;
            for (int k = 0; k < term.CoefficientCount; k++)
            {
                if (term.CoefficientNames[k] == FrameContext.InterceptName || !ConstantWithinLevels(term, k)) continue;
                string slope = term.CoefficientNames[k];
                warnings.Add(
                    $"The group-level term {Display(term)} has a slope on '{slope}', which is constant within every level of '{term.Group}': "
                    + $"its effects cannot be told apart from the intercepts of '{term.Group}' (only the intercepts' spread can differ with '{slope}'), "
                    + $"so sd_{term.Group}__{slope} rests mostly on its prior. Such a variable usually belongs in the population-level terms only: drop '{slope}' from the term.");
            }
        }
        return warnings;
    }

    /// <summary>Whether column <paramref name="k"/> of Z takes one value within each level of the term's group.</summary>
    internal static bool ConstantWithinLevels(GroupTerm term, int k)
    {
        var first = new double[term.LevelCount];
        var seen = new bool[term.LevelCount];
        var z = term.Z.Column(k);
        for (int i = 0; i < z.Length; i++)
        {
            int level = term.LevelOfObservation[i];
            if (!seen[level]) { seen[level] = true; first[level] = z[i]; }
            else if (z[i] != first[level]) return false;
        }
        return true;
    }

    private static string Display(GroupTerm term) => term.Text.Length > 0 ? term.Text : $"of '{term.Group}'";
}
