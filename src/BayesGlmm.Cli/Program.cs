// Entry point of `bayesglmm`: builds the command tree and runs it.
using System.CommandLine;
using BayesGlmm.Cli.Commands;

namespace BayesGlmm.Cli;

/// <summary>The <c>bayesglmm</c> program.</summary>
public static class Program
{
    /// <summary>Runs the command line; returns 0 on success, 2 on bad input, 1 on any other failure.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    /// <summary>The root command with every subcommand registered.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("bayesglmm: Bayesian hierarchical GLMMs and HGLMs sampled by NUTS.");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        return root;
    }
}
