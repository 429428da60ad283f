// Entry point of `bayesglmm`: builds the command tree, runs it, and turns failures into exit codes.
using System.CommandLine;
using System.CommandLine.Invocation;
using BayesGlmm.Cli.Commands;
using BayesGlmm.Modeling;

namespace BayesGlmm.Cli;

/// <summary>The <c>bayesglmm</c> program.</summary>
public static class Program
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a run that failed for any reason other than bad input.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of bad input: a bad option, file, formula, family, prior or setting.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// Returned by a command stopped by SIGINT or SIGTERM after writing what it finished; the process then exits
    /// with 128 plus the signal's number (<see cref="Interruption.ExitCode"/>: 130 for SIGINT, 143 for SIGTERM).
    /// </summary>
    public const int Interrupted = 130;

    /// <summary>
    /// Runs the command line; returns 0 on success, 2 on bad input, 1 on any other failure, and 130 or 143 when
    /// SIGINT or SIGTERM stopped the run.
    /// </summary>
    public static int Main(string[] args)
    {
        using var interruption = Interruption.Install(Console.Error);
        int code = Run(args, Console.Out, Console.Error, interruption);
        return code == Interrupted ? interruption.ExitCode : code;
    }

    /// <summary>Runs the command line with the given output and error writers (the tests call this).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, null);

    /// <summary>
    /// Runs the command line; a command whose action takes a cancellation token gets <paramref name="interruption"/>'s,
    /// and returns <see cref="Interrupted"/> when it was cancelled.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, Interruption? interruption)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            foreach (var e in parse.Errors) error.WriteLine("error: " + e.Message);
            // A bad option value is its own one-line answer; an unknown command or option also gets the way to usage.
            if (parse.Errors.Any(e => !e.Message.StartsWith('-')))
                error.WriteLine("Run 'bayesglmm --help' or 'bayesglmm COMMAND --help' for usage.");
            return BadInput;
        }
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        if (parse.Action is System.CommandLine.Help.HelpAction)
        {
            // System.CommandLine's help, with the program's own name and the command's own arguments in the usage line.
            var help = new StringWriter();
            int code = parse.Invoke(new InvocationConfiguration { Output = help, Error = error });
            output.Write(CommandHelp.WithUsage(help.ToString(), parse.CommandResult.Command));
            return code;
        }
        if (interruption is not null) interruption.Cooperative = parse.Action is AsynchronousCommandLineAction;
        try
        {
            return parse.InvokeAsync(configuration, interruption?.Token ?? CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e) when (interruption is { Token.IsCancellationRequested: true })
        {
            error.WriteLine(e.Message);
            return Interrupted;
        }
        catch (InputException e)
        {
            ReportInputError(error, e);
            return BadInput;
        }
        catch (Exception e) when (e is AggregateException { InnerException: InputException })
        {
            ReportInputError(error, (InputException)e.InnerException!);
            return BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine("error: " + e.Message);
            if (Environment.GetEnvironmentVariable("BAYESGLMM_DEBUG") == "1") error.WriteLine(e.ToString());
            return Failure;
        }
    }

    /// <summary>The root command with every subcommand registered.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("bayesglmm: Bayesian hierarchical GLMMs and HGLMs sampled by NUTS.");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        foreach (var option in root.Options)
        {
            if (option is VersionOption version) version.Action = new PrintVersion();
        }
        return root;
    }

    /// <summary>Prints the library's version (the one fit.json records), whatever the entry assembly.</summary>
    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(ProgramVersion.Current);
            return Success;
        }
    }

    /// <summary>Writes an input error: one line, then its detail lines.</summary>
    public static void ReportInputError(TextWriter error, InputException e)
    {
        error.WriteLine("error: " + e.Message + RemedyFlag(e.Remedy));
        foreach (string line in e.Details) error.WriteLine(line);
    }

    /// <summary>The command line's spelling of a library message's remedy: "factors" is the --factor flag.</summary>
    private static string RemedyFlag(SettingRemedy? remedy) => remedy switch
    {
        { Name: SettingRemedy.Factors } => $" On the command line: --factor {remedy.Value}.",
        _ => "",
    };
}
