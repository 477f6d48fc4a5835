namespace Latchkey.Core.Policies;

/// <summary>The PolicyType values on the wire, exactly as the SDK and Terraform compare them.</summary>
public static class PolicyTypes
{
    public const string System = "System";
    public const string Custom = "Custom";

    /// <summary>The exact value, else null (the wire is case-sensitive here: Terraform compares exactly).</summary>
    public static string? Parse(string? text) => text switch
    {
        System => System,
        Custom => Custom,
        _ => null,
    };
}
