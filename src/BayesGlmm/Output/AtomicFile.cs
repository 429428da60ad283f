// A single output file written whole or not at all: to a temporary sibling, then renamed over the target.
using BayesGlmm.Modeling;

namespace BayesGlmm.Output;

/// <summary>Writes a text file whole or not at all.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="contents"/> to a temporary sibling and renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, string contents)
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
