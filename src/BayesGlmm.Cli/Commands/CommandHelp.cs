// --help with the program's own name and each command's own arguments in its usage line.
using System.CommandLine;

namespace BayesGlmm.Cli.Commands;

/// <summary>
/// Help as System.CommandLine writes it, with one difference in the usage line: it names the program
/// <see cref="ProgramName"/> (however it was started: the installed tool, <c>dotnet run</c>, the built
/// <c>BayesGlmm.Cli</c>), and lists only the command's own arguments, not its parents' (<c>sbc merge</c> takes shard
/// directories, not the MODEL of <c>sbc</c>).
/// </summary>
internal static class CommandHelp
{
    /// <summary>The program's name in help.</summary>
    public const string ProgramName = "bayesglmm";

    /// <summary>The usage line of <paramref name="command"/>: <c>bayesglmm sbc merge &lt;DIR&gt;... [options]</c>.</summary>
    public static string UsageLine(Command command)
    {
        var path = new List<Command>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault()) path.Insert(0, c);
        var parts = new List<string> { ProgramName };
        parts.AddRange(path.Skip(1).Select(c => c.Name));
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            string label = $"<{argument.HelpName ?? argument.Name}>";
            if (argument.Arity.MaximumNumberOfValues > 1) label += "...";
            parts.Add(argument.Arity.MinimumNumberOfValues == 0 ? $"[{label}]" : label);
        }
        if (command.Subcommands.Any(c => !c.Hidden)) parts.Add("[command]");
        parts.Add("[options]");
        return string.Join(' ', parts);
    }

    /// <summary>System.CommandLine's help text <paramref name="help"/> of <paramref name="command"/> with its usage line replaced by <see cref="UsageLine"/>.</summary>
    public static string WithUsage(string help, Command command)
    {
        var lines = help.ReplaceLineEndings("\n").Split('\n').ToList();
        int usage = lines.IndexOf("Usage:");
        if (usage >= 0)
        {
            int end = usage + 1;
            while (end < lines.Count && lines[end].Length > 0) end++;
            lines.RemoveRange(usage + 1, end - usage - 1);
            lines.Insert(usage + 1, "  " + UsageLine(command));
        }
        // The arguments section lists the parents' arguments too: keep the command's own.
        int arguments = lines.IndexOf("Arguments:");
        if (arguments >= 0)
        {
            var own = command.Arguments.Select(a => "  <" + (a.HelpName ?? a.Name) + ">").ToArray();
            int i = arguments + 1;
            while (i < lines.Count && lines[i].Length > 0)
            {
                if (lines[i].StartsWith("  <", StringComparison.Ordinal) && !own.Any(o => lines[i].StartsWith(o, StringComparison.Ordinal)))
                {
                    lines.RemoveAt(i);
                    while (i < lines.Count && lines[i].StartsWith("   ", StringComparison.Ordinal)) lines.RemoveAt(i);
                }
                else i++;
            }
            if (i == arguments + 1) lines.RemoveRange(arguments, i < lines.Count ? 2 : 1);
        }
        return string.Join('\n', lines);
    }
}
