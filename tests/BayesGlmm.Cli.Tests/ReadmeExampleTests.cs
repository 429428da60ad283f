// The README's radon example is the program's own output: run the README's command and compare it with the README's block.
using System.Diagnostics;

namespace BayesGlmm.Cli.Tests;

/// <summary>
/// README.md shows what <c>fit models/radon.json</c> prints for seed 1 between a <c>radon-example</c> marker and the end of
/// the fenced block after it. This runs the README's own arguments through the built program in a child process (with
/// AVX-512 off, so that sums run 256 bits wide as on processors without it; the draws depend on the vector width) in a
/// scratch folder, and fails when the output differs from the block. <c>tests/readme/update-radon-example.sh</c> rewrites
/// the block the same way.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReadmeExampleTests
{
    /// <summary>The path the README shows in the last line in place of the scratch folder.</summary>
    private const string ShownRoot = "/home/you/BayesGlmm";

    [Fact]
    public void TheReadmesRadonOutputIsWhatTheProgramPrints()
    {
        string root = Directory.GetParent(CliRun.ModelsDirectory)!.FullName;
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var arguments = Arguments(readme);
        Assert.Equal("fit", arguments[0]);
        Assert.Equal("models/radon.json", arguments[1]);
        string expected = Block(readme);

        using var scratch = new ScratchDirectory();
        string printed = Run(root, scratch.Path, ["fit", Path.Combine(root, arguments[1]), .. arguments.Skip(2)]);
        printed = printed.Replace(scratch.Path, ShownRoot, StringComparison.Ordinal);
        var want = expected.Split('\n');
        var got = printed.TrimEnd('\n').Split('\n');
        int first = Enumerable.Range(0, Math.Max(want.Length, got.Length))
            .FirstOrDefault(i => i >= want.Length || i >= got.Length || want[i] != got[i], -1);
        if (first >= 0)
            Assert.Fail($"README.md's radon example is stale: at line {first + 1} of the block the README has\n  {(first < want.Length ? want[first] : "(nothing)")}\n"
                + $"and the program prints\n  {(first < got.Length ? got[first] : "(nothing)")}\nRun `bash tests/readme/update-radon-example.sh` to rewrite it.");
    }

    /// <summary>The arguments after <c>--</c> of the README's <c>dotnet run ... -- fit models/radon.json</c> command.</summary>
    internal static string[] Arguments(string readme)
    {
        string line = readme.Split('\n').First(l => l.Contains("dotnet run", StringComparison.Ordinal) && l.Contains("-- fit models/radon.json", StringComparison.Ordinal));
        return line[(line.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The text of the fenced block that follows the <c>radon-example</c> marker.</summary>
    internal static string Block(string readme)
    {
        var lines = readme.Split('\n');
        int marker = Array.FindIndex(lines, l => l.StartsWith("<!-- radon-example", StringComparison.Ordinal));
        Assert.True(marker >= 0 && lines[marker + 1] == "```", "README.md has no radon-example marker followed by a fenced block");
        int end = Array.FindIndex(lines, marker + 2, l => l == "```");
        return string.Join('\n', lines[(marker + 2)..end]);
    }

    /// <summary>Runs the built program with <paramref name="arguments"/> in <paramref name="directory"/> and returns what it prints on stdout.</summary>
    private static string Run(string root, string directory, string[] arguments)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "BayesGlmm.Cli.dll");
        var start = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (string a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_EnableAVX512"] = "0";
        start.Environment["DOTNET_EnableAVX512F"] = "0";
        start.Environment.Remove("DOTNET_MaxVectorTBitWidth");
        start.Environment.Remove("DOTNET_PreferredVectorBitWidth");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"the README's command failed in {root} with exit code {process.ExitCode}: {error.Result}");
        return output;
    }

    /// <summary>The dotnet host running the tests (or the one on the PATH).</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        string? self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
