// Runs the program in-process with the console redirected, one run at a time.
namespace BayesGlmm.Cli.Tests.Commands;

/// <summary>The collection of tests that redirect the process-wide console; they never run in parallel.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

internal static class ConsoleCapture
{
    private static readonly object Gate = new();

    /// <summary>Runs <c>Program.Main(args)</c> and returns its exit code with everything written to stdout and stderr.</summary>
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        lock (Gate)
        {
            var originalOut = Console.Out;
            var originalError = Console.Error;
            var output = new StringWriter();
            var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                int code = BayesGlmm.Cli.Program.Main(args);
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(originalOut);
                Console.SetError(originalError);
            }
        }
    }
}
