// The README's "Using the library from C#" program, taken from README.md as it stands, compiled and run in an empty folder.
using System.Diagnostics;
using System.Text;

namespace BayesGlmm.Tests.Library;

/// <summary>
/// Issue 14, point 3: the README shows a complete program that builds a table from in-memory columns, fits, prints the
/// summary and reads one parameter's draws. This test extracts that very text, compiles it against the built library,
/// and runs it with an empty working directory and an empty temporary directory, which must both stay empty.
/// </summary>
public sealed class ReadmeExampleTests
{
    private const string Section = "## Using the library from C#";

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !(File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "models"))))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("README.md not found above the test binaries");
    }

    /// <summary>The first C# code block after the section heading.</summary>
    public static string Example(string readme)
    {
        int section = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(section >= 0, $"README.md has no section '{Section}'.");
        const string open = "```csharp\n";
        int start = readme.IndexOf(open, section, StringComparison.Ordinal) + open.Length;
        int end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        Assert.True(start >= open.Length && end > start, "The section has no ```csharp block.");
        return readme[start..end] + "\n";
    }

    [Fact]
    public void TheProgramInTheReadmeCompilesAndRunsWithoutReadingOrWritingAFile()
    {
        string program = Example(File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n"));
        using var project = new TempDirectory();
        using var workingDirectory = new TempDirectory();
        using var temporary = new TempDirectory();

        // The library's assemblies as built beside these tests, and the packages they use.
        var assemblies = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is var n && ((n.StartsWith("BayesGlmm", StringComparison.Ordinal) && !n.Contains("Tests", StringComparison.Ordinal))
                        || n is "CsvHelper.dll" or "MathNet.Numerics.dll" or "System.Numerics.Tensors.dll"))
            .Order(StringComparer.Ordinal);
        var csproj = new StringBuilder("""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>

            """);
        foreach (string assembly in assemblies) csproj.Append("    <Reference Include=\"").Append(assembly).Append("\" />\n");
        csproj.Append("  </ItemGroup>\n</Project>\n");
        File.WriteAllText(project.File("Example.csproj"), csproj.ToString());
        File.WriteAllText(project.File("Program.cs"), program);

        string output = project.File("bin");
        var build = Run(project.Path, null, "build", project.File("Example.csproj"), "-c", "Release", "-o", output, "--nologo");
        Assert.True(build.ExitCode == 0, "The README's program does not compile:\n" + build.Output + build.Error);

        var run = Run(workingDirectory.Path, temporary.Path, Path.Combine(output, "Example.dll"));
        Assert.True(run.ExitCode == 0, "The README's program failed:\n" + run.Output + run.Error);
        Assert.Contains("Formula: y ~ x + (1 | g)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Population-Level Effects:", run.Output, StringComparison.Ordinal);
        Assert.Contains("l-95% CI", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"b_x: posterior mean 0\.\d\d from 1000 draws", run.Output);
        Assert.Empty(Directory.GetFileSystemEntries(workingDirectory.Path));
        Assert.Empty(Directory.GetFileSystemEntries(temporary.Path));
    }

    private static (int ExitCode, string Output, string Error) Run(string workingDirectory, string? temporary, params string[] args)
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(host) ? "dotnet" : host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        if (temporary is not null) start.Environment["TMPDIR"] = temporary;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet " + string.Join(' ', args) + " did not end within 15 minutes.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
