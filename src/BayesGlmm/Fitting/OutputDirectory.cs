// An output directory that appears only when complete: built in a hidden sibling, renamed into place.
using BayesGlmm.Modeling;

namespace BayesGlmm.Fitting;

/// <summary>
/// Builds an output directory atomically: files are written into a hidden temporary sibling
/// (<c>.NAME.partial-XXXX</c>) that is renamed to the final path by <see cref="Commit"/>. An existing
/// directory is refused unless <c>force</c> is set, in which case it is replaced at commit. Disposing
/// without committing deletes the temporary directory, so a failed run leaves no output.
/// </summary>
public sealed class OutputDirectory : IDisposable
{
    private readonly bool _force;
    private bool _committed;

    private OutputDirectory(string finalPath, string temporaryPath, bool force)
    {
        FinalPath = finalPath;
        TemporaryPath = temporaryPath;
        _force = force;
    }

    /// <summary>The directory the output will have when complete.</summary>
    public string FinalPath { get; }

    /// <summary>The directory being written.</summary>
    public string TemporaryPath { get; }

    /// <summary>Throws <see cref="InputException"/> when <paramref name="path"/> exists and may not be replaced.</summary>
    public static void CheckAvailable(string path, bool force)
    {
        string full = Path.GetFullPath(path);
        if (System.IO.File.Exists(full))
            throw new InputException($"{path}: a file of that name exists; choose another output directory with --out.");
        if (Directory.Exists(full) && !force)
            throw new InputException($"{path}: the output directory already exists; use --force to replace it or choose another with --out.");
    }

    /// <summary>Starts a new output directory at <paramref name="path"/>.</summary>
    public static OutputDirectory Begin(string path, bool force)
    {
        CheckAvailable(path, force);
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        string temporary = Path.Combine(parent, "." + Path.GetFileName(full) + ".partial-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temporary);
        return new OutputDirectory(full, temporary, force);
    }

    /// <summary>The path of a file inside the directory being written.</summary>
    public string File(string name) => Path.Combine(TemporaryPath, name);

    /// <summary>Moves the complete directory into place (replacing an existing one when forced).</summary>
    public void Commit()
    {
        if (_committed) return;
        if (Directory.Exists(FinalPath))
        {
            if (!_force) throw new InputException($"{FinalPath}: the output directory appeared while the fit ran; use --force to replace it.");
            string old = TemporaryPath + ".old";
            Directory.Move(FinalPath, old);
            Directory.Move(TemporaryPath, FinalPath);
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.Move(TemporaryPath, FinalPath);
        }
        _committed = true;
    }

    /// <summary>Deletes the temporary directory unless it was committed.</summary>
    public void Dispose()
    {
        if (_committed) return;
        try
        {
            if (Directory.Exists(TemporaryPath)) Directory.Delete(TemporaryPath, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
