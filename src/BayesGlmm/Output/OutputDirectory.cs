// An output directory that appears only when complete: built in a hidden sibling, renamed into place.
using System.Globalization;
using BayesGlmm.Modeling;

namespace BayesGlmm.Output;

/// <summary>
/// Builds an output directory atomically: files are written into a hidden temporary sibling
/// (<c>.NAME.partial-XXXXXXXX</c>) that is renamed to the final path by <see cref="Commit"/>. An existing
/// directory is refused unless <c>force</c> is set, in which case it is replaced at commit. Disposing
/// without committing deletes the temporary directory, so a failed run leaves no output. A run killed outright
/// leaves the temporary directory behind with what it had written; it holds a marker naming the process
/// (<see cref="OwnerFileName"/>) so that <see cref="PartialOutputs"/> can tell a leftover from a run still going.
/// </summary>
public sealed class OutputDirectory : IDisposable
{
    /// <summary>The infix of the hidden directory's name, between the output's name and a random suffix.</summary>
    public const string PartialInfix = ".partial-";

    /// <summary>The marker file in the hidden directory: host name, process id and start time of the run building it.</summary>
    public const string OwnerFileName = ".owner";

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
            throw new InputException($"{path}: a file of that name exists; choose another output directory.");
        if (Directory.Exists(full) && !force)
            throw new InputException($"{path}: the output directory already exists; replace it (force) or choose another.");
    }

    /// <summary>The hidden sibling directories <c>.NAME.partial-*</c> of the output directory <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> PartialSiblings(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(parent)) return [];
        return Directory.GetDirectories(parent, "." + Path.GetFileName(full) + PartialInfix + "*").Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Starts a new output directory at <paramref name="path"/>.</summary>
    public static OutputDirectory Begin(string path, bool force)
    {
        CheckAvailable(path, force);
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        string temporary = Path.Combine(parent, "." + Path.GetFileName(full) + PartialInfix + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temporary);
        var process = System.Diagnostics.Process.GetCurrentProcess();
        System.IO.File.WriteAllText(Path.Combine(temporary, OwnerFileName), string.Join('\n',
            Environment.MachineName, Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            process.StartTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), full) + "\n");
        return new OutputDirectory(full, temporary, force);
    }

    /// <summary>The path of a file inside the directory being written.</summary>
    public string File(string name) => Path.Combine(TemporaryPath, name);

    /// <summary>Moves the complete directory into place (replacing an existing one when forced).</summary>
    public void Commit()
    {
        if (_committed) return;
        System.IO.File.Delete(Path.Combine(TemporaryPath, OwnerFileName));
        if (Directory.Exists(FinalPath))
        {
            if (!_force) throw new InputException($"{FinalPath}: the output directory appeared while the fit ran; replace it (force) or choose another.");
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
