// Finds the hidden directories that killed runs left beside an output directory, with how many draws each holds.
using System.Globalization;

namespace BayesGlmm.Output;

/// <summary>
/// A fit builds its output in a hidden sibling <c>.NAME.partial-XXXXXXXX</c> (<see cref="OutputDirectory"/>) and
/// streams every draw into its chain files, so a run killed outright (SIGKILL, out of memory, a lost machine) leaves
/// that directory with the draws made. This finds them for an output directory, counts their draws, and tells a
/// leftover from a run still writing (its <see cref="OutputDirectory.OwnerFileName"/> names a live process on this host).
/// </summary>
public static class PartialOutputs
{
    /// <summary>One hidden directory beside an output directory.</summary>
    /// <param name="Path">The hidden directory.</param>
    /// <param name="ChainDraws">The draws in each chain file, by file name (<c>chain-1.csv</c>, ...).</param>
    /// <param name="LastWritten">When it was last written to.</param>
    /// <param name="RunningProcess">The id of the process on this host still building it, or null for a leftover.</param>
    public sealed record Partial(string Path, IReadOnlyList<(string File, int Draws)> ChainDraws, DateTime LastWritten, int? RunningProcess)
    {
        /// <summary>The draws of every chain file together.</summary>
        public int Draws => ChainDraws.Sum(c => c.Draws);

        /// <summary>
        /// What a user should read about it: where it is, how many draws per chain, and how to use or remove it.
        /// </summary>
        public string Describe(string outputDirectory)
        {
            var c = CultureInfo.InvariantCulture;
            string when = LastWritten.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", c) + " UTC";
            if (RunningProcess is int pid)
                return $"{Path} is being written by a fit still running (process {pid.ToString(c)}) to {outputDirectory}.";
            string chains = string.Join(", ", ChainDraws.Select(d => $"{d.File} {d.Draws.ToString("N0", c)}"));
            return $"{Path} holds {Draws.ToString("N0", c)} draws of an earlier fit to {outputDirectory} that did not finish (last written {when}; {chains}). " +
                   $"Summarise them with: bayesglmm summarize {Path}. Delete the directory when it is no longer needed.";
        }
    }

    /// <summary>The hidden directories beside <paramref name="outputDirectory"/>, oldest first.</summary>
    public static IReadOnlyList<Partial> Find(string outputDirectory) =>
        OutputDirectory.PartialSiblings(outputDirectory).Select(Inspect).OrderBy(p => p.LastWritten).ToArray();

    /// <summary>
    /// Deletes the leftovers that hold no draw (a run killed before its first draw: nothing to keep) and returns them;
    /// those with draws and those still being written are kept.
    /// </summary>
    public static IReadOnlyList<Partial> RemoveEmpty(IReadOnlyList<Partial> partials)
    {
        var removed = new List<Partial>();
        foreach (var p in partials.Where(p => p.RunningProcess is null && p.Draws == 0))
        {
            try
            {
                Directory.Delete(p.Path, recursive: true);
                removed.Add(p);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return removed;
    }

    /// <summary>Whether <paramref name="directory"/> is such a hidden directory (its name is <c>.NAME.partial-*</c>).</summary>
    public static bool IsPartial(string directory)
    {
        string name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(directory)));
        return name.StartsWith('.') && name.Contains(OutputDirectory.PartialInfix, StringComparison.Ordinal);
    }

    /// <summary>The output directory a hidden directory was building (<c>.NAME.partial-*</c> → <c>NAME</c>).</summary>
    public static string OutputOf(string partial)
    {
        string full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(partial));
        string name = System.IO.Path.GetFileName(full);
        int infix = name.LastIndexOf(OutputDirectory.PartialInfix, StringComparison.Ordinal);
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full) ?? ".", name[1..infix]);
    }

    /// <summary>Reads one hidden directory: its chain files' draws, its age, and whether a live process owns it.</summary>
    public static Partial Inspect(string path)
    {
        var files = Directory.GetFiles(path, "chain-*.csv").Order(StringComparer.Ordinal).ToArray();
        var draws = files.Select(f => (System.IO.Path.GetFileName(f), CountRows(f))).ToArray();
        var written = files.Select(File.GetLastWriteTimeUtc).Append(Directory.GetLastWriteTimeUtc(path)).Max();
        return new Partial(path, draws, written, RunningOwner(path));
    }

    /// <summary>The number of complete draw rows of a chain file: lines that are neither comments nor the header, with their line end.</summary>
    public static int CountRows(string chainFile)
    {
        int rows = 0;
        bool headerSeen = false, atLineStart = true, isData = false;
        var buffer = new byte[1 << 16];
        using var stream = new FileStream(chainFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < read; i++)
            {
                byte b = buffer[i];
                if (atLineStart)
                {
                    atLineStart = false;
                    if (b == (byte)'#' || b == (byte)'\n') isData = false;
                    else if (!headerSeen)
                    {
                        headerSeen = true;
                        isData = false;
                    }
                    else isData = true;
                }
                if (b == (byte)'\n')
                {
                    if (isData) rows++;
                    atLineStart = true;
                    isData = false;
                }
            }
        }
        return rows;
    }

    private static int? RunningOwner(string path)
    {
        string owner = System.IO.Path.Combine(path, OutputDirectory.OwnerFileName);
        try
        {
            if (!File.Exists(owner)) return null;
            var lines = File.ReadAllLines(owner);
            if (lines.Length < 3 || lines[0] != Environment.MachineName) return null;
            if (!int.TryParse(lines[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid)) return null;
            if (!DateTime.TryParse(lines[2], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started)) return null;
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            // A process id can be reused: the owner is the process that started when the marker says.
            return Math.Abs((process.StartTime.ToUniversalTime() - started.ToUniversalTime()).TotalSeconds) < 2 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                                      or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
