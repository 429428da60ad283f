// Bulk ESS (rank-normalised split chains, Geyer truncation) until the diagnostics library is available here.
namespace BayesGlmm.Benchmarks.SamplerEfficiency;

/// <summary>Bulk ESS as Vehtari et al. (2021) define it (posterior 1.4.0's ess_bulk), direct-sum autocovariance.</summary>
internal static class InterimBulkEss
{
    public static double Compute(double[][] chains)
    {
        int n = chains[0].Length / 2;
        var split = new List<double[]>();
        foreach (double[] c in chains)
        {
            split.Add(c[..n]);
            split.Add(c[(c.Length - n)..]);
        }
        int m = split.Count, s = m * n;
        // Rank-normalise (average ranks, Blom offset 3/8).
        var all = split.SelectMany((c, ci) => c.Select((x, i) => (x, ci, i))).OrderBy(t => t.x).ToArray();
        double[][] z = split.Select(_ => new double[n]).ToArray();
        for (int k = 0; k < all.Length;)
        {
            int j = k;
            while (j + 1 < all.Length && all[j + 1].x == all[k].x) j++;
            double rank = (k + j) / 2.0 + 1;
            double zv = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, (rank - 0.375) / (s - 0.75 + 1));
            for (int t = k; t <= j; t++) z[all[t].ci][all[t].i] = zv;
            k = j + 1;
        }
        // Autocovariances (biased, divide by n) per chain.
        double[] means = z.Select(c => c.Average()).ToArray();
        double[][] acov = new double[m][];
        for (int c = 0; c < m; c++)
        {
            acov[c] = new double[n];
            for (int t = 0; t < n; t++)
            {
                double sum = 0;
                for (int i = 0; i + t < n; i++) sum += (z[c][i] - means[c]) * (z[c][i + t] - means[c]);
                acov[c][t] = sum / n;
            }
        }
        double w = acov.Average(a => a[0]) * n / (n - 1.0);
        double grand = means.Average();
        double varMeans = means.Sum(x => (x - grand) * (x - grand)) / (m - 1);
        double varPlus = w * (n - 1.0) / n + varMeans;
        double Rho(int t) => 1 - (w - acov.Average(a => a[t])) / varPlus;
        double[] rho = new double[n + 1];
        rho[0] = 1;
        double even = 1, odd = Rho(1);
        rho[1] = odd;
        int tt = 0;
        while (tt < n - 5 && !double.IsNaN(even + odd) && even + odd > 0)
        {
            tt += 2;
            even = Rho(tt);
            odd = Rho(tt + 1);
            if (even + odd >= 0)
            {
                rho[tt] = even;
                rho[tt + 1] = odd;
            }
        }
        int maxT = tt;
        if (even > 0) rho[maxT] = even;
        // Geyer's initial monotone sequence.
        for (int t = 2; t <= maxT - 2; t += 2)
        {
            double prev = rho[t - 2] + rho[t - 1];
            if (rho[t] + rho[t + 1] > prev)
            {
                rho[t] = prev / 2;
                rho[t + 1] = prev / 2;
            }
        }
        double tau = -1 + 2 * rho[..maxT].Sum() + rho[maxT];
        tau = Math.Max(tau, 1 / Math.Log10(s));
        return s / tau;
    }
}
