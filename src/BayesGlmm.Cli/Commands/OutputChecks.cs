// A command's outputs checked before any work: an existing directory refused unless --force, files writable, leftovers of killed runs reported.
using BayesGlmm.Modeling;
using BayesGlmm.Output;

namespace BayesGlmm.Cli.Commands;

/// <summary>Checks a command's <c>--out</c> directory before any work, in the command line's words.</summary>
internal static class OutputChecks
{
    /// <summary>Throws <see cref="InputException"/> naming --out or --force when <paramref name="directory"/> cannot be written.</summary>
    public static void Available(string directory, bool force)
    {
        try
        {
            OutputDirectory.CheckAvailable(directory, force);
        }
        catch (InputException e)
        {
            throw new InputException(File.Exists(directory)
                ? $"{directory}: a file of that name exists; choose another output directory with --out."
                : $"{directory}: the output directory already exists; use --force to replace it or choose another with --out.", e);
        }
    }

    /// <summary>Throws <see cref="InputException"/> when <paramref name="path"/> (given with <paramref name="option"/>) cannot be a new file.</summary>
    public static void Writable(string? path, string option)
    {
        if (path is null) return;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new InputException($"{option} '{path}': the directory '{directory}' does not exist; create it first.");
        if (Directory.Exists(path))
            throw new InputException($"{option} '{path}' is a directory; give a file name.");
    }

    /// <summary>
    /// Reports the hidden directories that killed runs left beside <paramref name="directory"/>: those without a draw
    /// are removed (nothing in them to keep), the others described with how to use them.
    /// </summary>
    public static void ReportLeftovers(string directory, TextWriter error)
    {
        var partials = PartialOutputs.Find(directory);
        foreach (var removed in PartialOutputs.RemoveEmpty(partials))
            error.WriteLine($"Note: removed {removed.Path}, left by an earlier fit to {directory} that stopped before its first draw.");
        foreach (var partial in partials.Where(p => p.RunningProcess is not null || p.Draws > 0))
            error.WriteLine("Note: " + partial.Describe(directory));
    }
}
