// Runs the command line in-process and captures its exit code, output and error text.
namespace BayesGlmm.Cli.Tests;

/// <summary>The outcome of one run of <c>bayesglmm</c>.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The repository's models/ folder, found by walking up from the test binaries.</summary>
    public static string ModelsDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "models", "radon.json"))) dir = dir.Parent;
            return dir is null ? throw new DirectoryNotFoundException("models/ not found above the test binaries") : Path.Combine(dir.FullName, "models");
        }
    }
}

/// <summary>A fresh temporary directory, deleted on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bayesglmm-cli-" + Guid.NewGuid().ToString("N"));

    public ScratchDirectory() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
