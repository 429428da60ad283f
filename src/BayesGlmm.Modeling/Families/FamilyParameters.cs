// The family parameters each family declares, with brms's names and lower bounds.
using BayesGlmm.Modeling.Frames;
namespace BayesGlmm.Modeling.Families;

/// <summary>Parameter lists shared by the families (brms names; ν of student is bounded below by 1 as in brms).</summary>
internal static class FamilyParameters
{
    public static readonly IReadOnlyList<FamilyParameter> None = [];
    public static readonly IReadOnlyList<FamilyParameter> Sigma = [new("sigma", 0.0)];
    public static readonly IReadOnlyList<FamilyParameter> Shape = [new("shape", 0.0)];
    public static readonly IReadOnlyList<FamilyParameter> Phi = [new("phi", 0.0)];
    public static readonly IReadOnlyList<FamilyParameter> SigmaNu = [new("sigma", 0.0), new("nu", 1.0)];

    /// <summary>A rebinding function that keeps trials, se and source rows and checks the length first.</summary>
    public static Func<double[], IFamilyLikelihood> Rebind(IFamily family, ResponseData response, IReadOnlyList<int>? sourceRows)
        => values =>
        {
            if (values.Length != response.Values.Length)
                throw new ArgumentException($"Expected {response.Values.Length} response values, got {values.Length}.", nameof(values));
            return family.Bind(response with { Values = values }, sourceRows);
        };

    public static double[] Ones(int n)
    {
        var a = new double[n];
        Array.Fill(a, 1.0);
        return a;
    }

    public static double[] Filled(int n, double value)
    {
        var a = new double[n];
        Array.Fill(a, value);
        return a;
    }
}
