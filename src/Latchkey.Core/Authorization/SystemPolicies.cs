namespace Latchkey.Core.Authorization;

/// <summary>The system policies Latchkey knows; other names are EntityNotExist.Policy.</summary>
public static class SystemPolicies
{
    public const string PolicyType = "System";
    public const string AdministratorAccess = "AdministratorAccess";
    public const string RamFullAccess = "AliyunRAMFullAccess";
    public const string RamReadOnlyAccess = "AliyunRAMReadOnlyAccess";

    public static IReadOnlyList<string> All { get; } = [AdministratorAccess, RamFullAccess, RamReadOnlyAccess];

    /// <summary>The canonical spelling of a known policy name (matched case-insensitively), else null.</summary>
    public static string? Find(string? name) =>
        All.FirstOrDefault(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
}
