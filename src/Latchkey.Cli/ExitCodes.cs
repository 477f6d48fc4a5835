namespace Latchkey.Cli;

/// <summary>One exit code per failure class (documented in docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Usage = 2;
    public const int Refused = 3;

    // The client and admin commands (docs/cli.md): 1 the service answered with an error,
    // 3 no endpoint or credentials, 4 the service could not be reached, 5 the data folder failed
    // or is missing, 6 a destructive command was not confirmed.
    public const int ApiError = 1;
    public const int Configuration = 3;
    public const int Network = 4;
    public const int LocalData = 5;

    // A destructive admin command was not confirmed: nothing changed.
    public const int Declined = 6;
}
