namespace Latchkey.Cli.Tests.Infrastructure;

/// <summary>What one <c>latchkey</c> process did.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}";
}
