// Writes one chain's draws in the CSV layout of CmdStan 2.34, streaming each draw to disk as it is made.
using System.Globalization;
using System.Text;
using BayesGlmm.Sampling;

namespace BayesGlmm.Output;

/// <summary>
/// Writes one chain as a CmdStan 2.34 CSV file that rstan's read_stan_csv (2.21, 2.32), cmdstanpy's
/// from_csv and ArviZ's from_cmdstan read: the comment header (versions, the sample argument tree with
/// integer booleans, id, seed), the header row with the sampler columns first, the adaptation block
/// (<c># Adaptation terminated</c>, step size, inverse metric), one row per draw, and the elapsed-time
/// footer.
/// </summary>
/// <remarks>
/// Every draw is flushed to the operating system as soon as it is written, so a run stopped part-way keeps
/// every finished draw. The adapted inverse metric and the final draw count are known only when the chain
/// ends: until then the file holds a placeholder line for the metric, and <see cref="Complete"/> rewrites
/// the file (to a sibling, then renamed over it) with the real values.
/// </remarks>
public sealed class CmdStanCsvWriter : IDisposable
{
    /// <summary>The placeholder written where the inverse metric goes until the chain ends.</summary>
    public const string MetricPlaceholder = "# (inverse mass matrix: written when the chain ends)";

    private readonly string _path;
    private readonly CmdStanRunInfo _info;
    private readonly int _parameterCount;
    private StreamWriter? _writer;
    private char[] _row = new char[1024];
    private bool _adaptationWritten;
    private int _drawCount;

    /// <summary>Creates the file at <paramref name="path"/> and writes its comment header and header row.</summary>
    public CmdStanCsvWriter(string path, CmdStanRunInfo info, IReadOnlyList<string> parameterColumns)
    {
        _path = path;
        _info = info;
        _parameterCount = parameterColumns.Count;
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        _writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        foreach (string line in HeaderComments(info, info.NumSamples)) _writer.WriteLine(line);
        _writer.WriteLine(string.Join(",", StanNameMap.SamplerColumns.Concat(parameterColumns)));
        _writer.Flush();
    }

    /// <summary>The number of draws written so far.</summary>
    public int DrawCount => _drawCount;

    /// <summary>The file being written.</summary>
    public string Path => _path;

    /// <summary>
    /// Appends one sampling draw: the sampler columns from <paramref name="sampler"/>, then
    /// <paramref name="parameters"/> in column order. The first draw is preceded by the adaptation block.
    /// </summary>
    public void WriteDraw(in SamplerStatistics sampler, ReadOnlySpan<double> parameters)
    {
        var writer = _writer ?? throw new InvalidOperationException("The chain file is already complete.");
        if (parameters.Length != _parameterCount)
            throw new ArgumentException($"Expected {_parameterCount} parameter values, got {parameters.Length}.", nameof(parameters));
        if (!_adaptationWritten)
        {
            WriteAdaptation(writer, sampler.StepSize);
        }
        int n = 0;
        Append(ref n, sampler.LogDensity);
        Append(ref n, sampler.AcceptStat);
        Append(ref n, sampler.StepSize);
        AppendInteger(ref n, sampler.TreeDepth);
        AppendInteger(ref n, sampler.LeapfrogSteps);
        AppendInteger(ref n, sampler.Divergent ? 1 : 0);
        Append(ref n, sampler.Energy);
        foreach (double v in parameters) Append(ref n, v);
        _row[n - 1] = '\n';
        writer.Write(_row, 0, n);
        writer.Flush();
        _drawCount++;
    }

    /// <summary>
    /// Finishes the file: the adapted step size and inverse metric (<paramref name="inverseMetric"/> of length
    /// d for a diagonal metric, d*d row-major for a dense one), the number of draws actually written in the
    /// header, and the elapsed-time footer. The file is rewritten beside itself and renamed into place.
    /// </summary>
    public void Complete(double stepSize, ReadOnlySpan<double> inverseMetric, TimeSpan warmup, TimeSpan sampling)
    {
        var writer = _writer ?? throw new InvalidOperationException("The chain file is already complete.");
        if (!_adaptationWritten) WriteAdaptation(writer, stepSize);
        writer.WriteLine("# ");
        writer.WriteLine("#  Elapsed Time: " + Seconds(warmup) + " seconds (Warm-up)");
        writer.WriteLine("#                " + Seconds(sampling) + " seconds (Sampling)");
        writer.WriteLine("#                " + Seconds(warmup + sampling) + " seconds (Total)");
        writer.WriteLine("# ");
        writer.Dispose();
        _writer = null;

        var metricLines = MetricLines(inverseMetric, _info.DenseMetric);
        string headerSamples = "#     num_samples = " + _drawCount.ToString(CultureInfo.InvariantCulture);
        string stepLine = "# Step size = " + CsvNumber.Format(stepSize);
        string temporary = _path + ".partial";
        using (var input = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            // Only the lines up to the metric placeholder change: rewrite those, then copy the draws as bytes.
            byte[] prefix = ReadThroughPlaceholder(input, out int prefixLength, out int linesEnd);
            using (var lines = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
            {
                bool header = true;
                int lineStart = 0;
                while (lineStart < linesEnd)
                {
                    int newline = Array.IndexOf(prefix, (byte)'\n', lineStart, linesEnd - lineStart);
                    int lineEnd = newline < 0 ? linesEnd : newline;
                    string line = Encoding.UTF8.GetString(prefix, lineStart, lineEnd - lineStart);
                    lineStart = lineEnd + 1;
                    if (header && line.StartsWith("#     num_samples = ", StringComparison.Ordinal)) line = headerSamples;
                    else if (line.StartsWith("# Step size = ", StringComparison.Ordinal)) line = stepLine;
                    else if (line == MetricPlaceholder)
                    {
                        foreach (string m in metricLines) lines.WriteLine(m);
                        continue;
                    }
                    if (!line.StartsWith('#')) header = false;
                    lines.WriteLine(line);
                }
            }
            output.Write(prefix, linesEnd, prefixLength - linesEnd);
            input.CopyTo(output);
        }
        File.Move(temporary, _path, overwrite: true);
    }

    /// <summary>
    /// Reads <paramref name="input"/> until the end of the metric placeholder line (or to the end of the file when it has
    /// none). Returns the bytes read: <paramref name="linesEnd"/> is where the placeholder line's newline ends (the lines
    /// to rewrite), <paramref name="length"/> how many bytes were read in all; the stream stands after them.
    /// </summary>
    private static byte[] ReadThroughPlaceholder(Stream input, out int length, out int linesEnd)
    {
        byte[] marker = Encoding.UTF8.GetBytes("\n" + MetricPlaceholder + "\n");
        byte[] buffer = new byte[1 << 16];
        length = 0;
        while (true)
        {
            if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            int read = input.Read(buffer, length, buffer.Length - length);
            int searchFrom = Math.Max(0, length - marker.Length);
            length += read;
            int found = buffer.AsSpan(searchFrom, length - searchFrom).IndexOf(marker);
            if (found >= 0)
            {
                linesEnd = searchFrom + found + marker.Length;
                return buffer;
            }
            if (read == 0)
            {
                linesEnd = length;
                return buffer;
            }
        }
    }

    /// <summary>Closes the file without completing it (it keeps every draw written so far).</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>The comment lines before the header row, as CmdStan 2.34 writes them.</summary>
    public static IEnumerable<string> HeaderComments(CmdStanRunInfo info, int numSamples)
    {
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        string D(double v) => CsvNumber.Format(v);
        yield return "# stan_version_major = 2";
        yield return "# stan_version_minor = 34";
        yield return "# stan_version_patch = 0";
        yield return "# model = " + info.ModelName;
        yield return "# start_datetime = " + info.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        yield return "# method = sample (Default)";
        yield return "#   sample";
        yield return "#     num_samples = " + I(numSamples);
        yield return "#     num_warmup = " + I(info.Sampler.Warmup);
        yield return "#     save_warmup = 0";
        yield return "#     thin = 1 (Default)";
        yield return "#     adapt";
        yield return "#       engaged = 1";
        yield return "#       gamma = " + D(info.Sampler.Gamma);
        yield return "#       delta = " + D(info.Sampler.AdaptDelta);
        yield return "#       kappa = " + D(info.Sampler.Kappa);
        yield return "#       t0 = " + D(info.Sampler.T0);
        yield return "#       init_buffer = " + I(info.Sampler.InitBuffer);
        yield return "#       term_buffer = " + I(info.Sampler.TermBuffer);
        yield return "#       window = " + I(info.Sampler.BaseWindow);
        yield return "#       save_metric = 0";
        yield return "#     algorithm = hmc (Default)";
        yield return "#       hmc";
        yield return "#         engine = nuts (Default)";
        yield return "#           nuts";
        yield return "#             max_depth = " + I(info.Sampler.MaxTreeDepth);
        yield return "#         metric = " + (info.DenseMetric ? "dense_e" : "diag_e");
        yield return "#         metric_file = ";
        yield return "#         stepsize = " + D(info.Sampler.InitialStepSize);
        yield return "#         stepsize_jitter = " + D(info.Sampler.StepSizeJitter);
        yield return "#     num_chains = " + I(info.Sampler.Chains);
        yield return "# id = " + I(info.ChainId);
        yield return "# data";
        yield return "#   file = " + info.DataFile;
        yield return "# init = " + D(info.Sampler.InitRadius);
        yield return "# random";
        yield return "#   seed = " + info.Sampler.Seed.ToString(CultureInfo.InvariantCulture);
        yield return "# output";
        yield return "#   file = " + info.OutputFile;
        yield return "#   diagnostic_file = ";
        yield return "#   refresh = 100 (Default)";
        yield return "#   sig_figs = -1 (Default)";
        yield return "#   profile_file = profile.csv (Default)";
        yield return "#   save_cmdstan_config = 0";
        yield return "# num_threads = 1 (Default)";
        yield return "# stanc_version = " + info.Producer;
        yield return "# stancflags = ";
    }

    /// <summary>The title line of the inverse metric in the adaptation block.</summary>
    public static string MetricTitle(bool dense) =>
        dense ? "# Elements of inverse mass matrix:" : "# Diagonal elements of inverse mass matrix:";

    /// <summary>The comment lines that hold an inverse metric after its title line.</summary>
    public static IReadOnlyList<string> MetricLines(ReadOnlySpan<double> inverseMetric, bool dense)
    {
        var lines = new List<string>();
        if (!dense)
        {
            lines.Add("# " + JoinNumbers(inverseMetric));
            return lines;
        }
        int d = (int)Math.Round(Math.Sqrt(inverseMetric.Length));
        if (d * d != inverseMetric.Length)
            throw new ArgumentException("A dense inverse metric must have d*d elements.", nameof(inverseMetric));
        for (int i = 0; i < d; i++) lines.Add("# " + JoinNumbers(inverseMetric.Slice(i * d, d)));
        return lines;
    }

    private static string JoinNumbers(ReadOnlySpan<double> values)
    {
        var sb = new StringBuilder(values.Length * 20);
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(CsvNumber.Format(values[i]));
        }
        return sb.ToString();
    }

    private void WriteAdaptation(StreamWriter writer, double stepSize)
    {
        writer.WriteLine("# Adaptation terminated");
        writer.WriteLine("# Step size = " + CsvNumber.Format(stepSize));
        writer.WriteLine(MetricTitle(_info.DenseMetric));
        writer.WriteLine(MetricPlaceholder);
        _adaptationWritten = true;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);

    private void Append(ref int n, double value)
    {
        EnsureRoom(n, 32);
        int written;
        if (double.IsFinite(value))
        {
            value.TryFormat(_row.AsSpan(n), out written, "R", CultureInfo.InvariantCulture);
        }
        else
        {
            string s = CsvNumber.Format(value);
            s.AsSpan().CopyTo(_row.AsSpan(n));
            written = s.Length;
        }
        n += written;
        _row[n++] = ',';
    }

    private void AppendInteger(ref int n, int value)
    {
        EnsureRoom(n, 16);
        value.TryFormat(_row.AsSpan(n), out int written, default, CultureInfo.InvariantCulture);
        n += written;
        _row[n++] = ',';
    }

    private void EnsureRoom(int n, int extra)
    {
        if (n + extra > _row.Length) Array.Resize(ref _row, Math.Max(_row.Length * 2, n + extra));
    }
}
