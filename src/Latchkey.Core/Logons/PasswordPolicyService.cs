namespace Latchkey.Core.Logons;

/// <summary>The rules a new console password must meet, and how the console states them.</summary>
public sealed class PasswordPolicyService
{
    public const string BuiltInRule = "8 to 32 characters with at least three of: lowercase letters, uppercase letters, digits and symbols.";

    /// <summary>The rules in words, for the hint under a new-password field.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Reads the account policy soon.")]
    public Task<string> DescribeAsync(string accountId, CancellationToken ct) => Task.FromResult(BuiltInRule);
}
