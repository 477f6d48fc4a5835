using System.CommandLine;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey completion bash|zsh</c>: prints a shell completion script. It asks the command itself for
/// suggestions through System.CommandLine's <c>[suggest:N]</c> directive, so it never goes stale.
/// </summary>
internal static class CompletionCommand
{
    public const string Bash = """
        # latchkey completion for bash: eval "$(latchkey completion bash)" (e.g. in ~/.bashrc)
        _latchkey_complete() {
          local words="${COMP_LINE:0:COMP_POINT}"
          words="${words#*[[:space:]]}"
          case "$COMP_LINE" in *[[:space:]]*) ;; *) words="" ;; esac
          local IFS=$'\n'
          COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${#words}]" "$words" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _latchkey_complete latchkey
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash, or zsh (through bashcompinit)." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script: eval \"$(latchkey completion bash)\".") { shell };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var script = parseResult.GetValue(shell) == "zsh"
                ? "autoload -U +X bashcompinit && bashcompinit\n" + Bash
                : Bash;
            await Console.Out.WriteLineAsync(script.AsMemory(), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
