// Checks and atomic writes of the single files that the post-fit commands write (--output, --pointwise, ...).
using BayesGlmm.Modeling;

namespace BayesGlmm.Cli.Commands;

/// <summary>An output file is checked before any work and written whole or not at all.</summary>
internal static class OutputFiles
{
    /// <summary>Throws <see cref="InputException"/> when <paramref name="path"/> (given with <paramref name="option"/>) cannot be a new file.</summary>
    public static void RequireWritable(string? path, string option)
    {
        if (path is null) return;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new InputException($"{option} '{path}': the directory '{directory}' does not exist; create it first.");
        if (Directory.Exists(path))
            throw new InputException($"{option} '{path}' is a directory; give a file name.");
    }

    /// <summary>Writes <paramref name="contents"/> to a temporary sibling and renames it over <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, string contents)
    {
        string temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, contents);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { }
            throw new InputException($"Cannot write '{path}': {e.Message}", e);
        }
    }
}
