// Runs the program in-process with its output and error captured.
namespace BayesGlmm.Cli.Tests.Commands;

internal static class ConsoleCapture
{
    /// <summary>Runs the program with <paramref name="args"/> and returns its exit code with everything written to stdout and stderr.</summary>
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = BayesGlmm.Cli.Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
