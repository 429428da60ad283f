// Tests of the atomic output directory: hidden until committed, removed on failure, replaced only when forced.
using BayesGlmm.Output;
using BayesGlmm.Modeling;

namespace BayesGlmm.Tests.Fitting;

public sealed class OutputDirectoryTests
{
    [Fact]
    public void AppearsOnlyWhenCommitted()
    {
        using var dir = new TempDirectory();
        string target = dir.File("nested/out");
        using (var output = OutputDirectory.Begin(target, force: false))
        {
            File.WriteAllText(output.File("a.txt"), "a");
            Assert.False(Directory.Exists(target));
            Assert.StartsWith(".out.partial-", Path.GetFileName(output.TemporaryPath), StringComparison.Ordinal);
            output.Commit();
        }
        Assert.Equal("a", File.ReadAllText(Path.Combine(target, "a.txt")));
        Assert.Single(Directory.GetFileSystemEntries(dir.File("nested")));
    }

    [Fact]
    public void IsRemovedWhenNotCommitted()
    {
        using var dir = new TempDirectory();
        using (var output = OutputDirectory.Begin(dir.File("out"), force: false))
        {
            File.WriteAllText(output.File("a.txt"), "a");
        }
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void ExistingDirectoriesAndFilesAreRefusedUnlessForced()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("out"));
        File.WriteAllText(dir.File("file"), "x");
        Assert.Throws<InputException>(() => OutputDirectory.Begin(dir.File("out"), force: false));
        Assert.Throws<InputException>(() => OutputDirectory.Begin(dir.File("file"), force: true));
        using var output = OutputDirectory.Begin(dir.File("out"), force: true);
        File.WriteAllText(output.File("new.txt"), "n");
        output.Commit();
        Assert.True(File.Exists(dir.File("out/new.txt")));
    }
}
