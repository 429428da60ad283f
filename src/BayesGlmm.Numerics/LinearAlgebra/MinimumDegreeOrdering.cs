// A fill-reducing elimination order for sparse symmetric matrices: approximate minimum degree on the quotient graph.
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>
/// Approximate minimum degree ordering (Amestoy, Davis &amp; Duff 1996, SIAM J. Matrix Anal. Appl. 17:886–905;
/// Davis 2006, <em>Direct Methods for Sparse Linear Systems</em>, §7.1). Elimination is simulated on the quotient
/// graph: an eliminated pivot p becomes an element whose variable set L_p = (A_p ∪ ⋃_{e ∈ E_p} L_e) \ {p} stands
/// for the clique its elimination creates, the elements adjacent to p are absorbed into it, and each variable i of
/// L_p gets the approximate external degree of Davis's eq. (7.1),
/// <code>d_i = min( n_left − 1,  d_i_old + |L_p \ i|,  |A_i \ i| + |L_p \ i| + Σ_{e ∈ E_i \ p} |L_e \ L_p| ),</code>
/// an upper bound on the true degree that is cheap to update. Elements with L_e ⊆ L_p are absorbed as well
/// (aggressive absorption). Supervariable detection (mass elimination) is left out: it speeds the ordering of
/// large problems but does not change what the ordering is for, and the graphs here are those of grouping
/// factors, ordered once per model. Ties go to the lowest index, so the order is deterministic.
/// </summary>
public static class MinimumDegreeOrdering
{
    /// <summary>The order of the pattern's rows and columns: result[k] is the node eliminated k-th.</summary>
    public static int[] Order(SymmetricPattern pattern) => Order(pattern.Adjacency());

    /// <summary>The elimination order of a graph given by symmetric adjacency lists (no self loops): result[k] is the node eliminated k-th.</summary>
    public static int[] Order(IReadOnlyList<int[]> adjacency)
    {
        int n = adjacency.Count;
        var variables = new HashSet<int>[n];   // A_i: uneliminated neighbours
        var elements = new HashSet<int>[n];    // E_i: adjacent elements (named by their pivot)
        var members = new int[n][];            // L_e for every live element e
        var degree = new int[n];
        var queue = new SortedSet<(int Degree, int Node)>();
        for (int i = 0; i < n; i++)
        {
            variables[i] = [.. adjacency[i]];
            variables[i].Remove(i);
            elements[i] = [];
            degree[i] = variables[i].Count;
            queue.Add((degree[i], i));
        }
        var eliminated = new bool[n];
        var inPivot = new int[n];         // stamp: i is in the current L_p
        var outside = new int[n];         // |L_e \ L_p| for elements touched this step
        var touched = new int[n];         // stamp: outside[e] is set for this step
        var order = new int[n];
        var pivotMembers = new List<int>();
        for (int k = 0; k < n; k++)
        {
            int stamp = k + 1;
            var (_, p) = queue.Min;
            queue.Remove(queue.Min);
            order[k] = p;
            eliminated[p] = true;

            // L_p = (A_p ∪ ⋃_{e ∈ E_p} L_e) \ {p}; the elements of E_p are absorbed into p.
            pivotMembers.Clear();
            inPivot[p] = stamp;
            foreach (int i in variables[p])
                if (inPivot[i] != stamp) { inPivot[i] = stamp; pivotMembers.Add(i); }
            foreach (int e in elements[p])
            {
                foreach (int i in members[e])
                    if (!eliminated[i] && inPivot[i] != stamp) { inPivot[i] = stamp; pivotMembers.Add(i); }
                members[e] = [];
            }
            var absorbed = elements[p];
            pivotMembers.Sort();
            members[p] = pivotMembers.ToArray();
            variables[p] = [];
            elements[p] = [];

            foreach (int i in pivotMembers)
            {
                variables[i].RemoveWhere(j => inPivot[j] == stamp); // edges inside L_p now live in element p (this removes p too)
                elements[i].ExceptWith(absorbed);
                elements[i].Add(p);
            }

            // |L_e \ L_p| for every other element next to L_p.
            foreach (int i in pivotMembers)
                foreach (int e in elements[i])
                {
                    if (e == p) continue;
                    if (touched[e] != stamp) { touched[e] = stamp; outside[e] = members[e].Length; }
                    outside[e]--;
                }
            // Aggressive absorption of elements inside L_p.
            foreach (int i in pivotMembers)
                elements[i].RemoveWhere(e => e != p && touched[e] == stamp && outside[e] == 0);

            int left = n - k - 1, size = pivotMembers.Count;
            foreach (int i in pivotMembers)
            {
                long external = variables[i].Count + (size - 1);
                foreach (int e in elements[i])
                    if (e != p) external += outside[e];
                int d = (int)Math.Min(Math.Min(left - 1, (long)degree[i] + size - 1), external);
                if (d != degree[i])
                {
                    queue.Remove((degree[i], i));
                    degree[i] = d;
                    queue.Add((d, i));
                }
            }
        }
        return order;
    }

    /// <summary>The inverse of a permutation: inverse[perm[k]] = k.</summary>
    public static int[] Inverse(ReadOnlySpan<int> permutation)
    {
        var inverse = new int[permutation.Length];
        for (int k = 0; k < permutation.Length; k++) inverse[permutation[k]] = k;
        return inverse;
    }
}
