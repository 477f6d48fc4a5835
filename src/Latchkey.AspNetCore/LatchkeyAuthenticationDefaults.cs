namespace Latchkey.AspNetCore;

/// <summary>Default values of the Latchkey authentication scheme.</summary>
public static class LatchkeyAuthenticationDefaults
{
    /// <summary>The default scheme name, <c>Latchkey</c>.</summary>
    public const string AuthenticationScheme = "Latchkey";

    /// <summary>The path of the verify API on a Latchkey server.</summary>
    public const string VerifyPath = "/api/verify";

    /// <summary>The action the verify call is signed with.</summary>
    public const string VerifyAction = "VerifyRequest";

    /// <summary>The API version the verify call is signed with.</summary>
    public const string VerifyVersion = "2025-01-01";
}
