namespace Latchkey.Cli;

/// <summary>One exit code per failure class (documented in docs/operations.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Refused = 3;
}
