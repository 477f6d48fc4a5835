namespace Latchkey.Server.Console;

/// <summary>Where the console's pages live; every console URL starts with <see cref="Root"/>.</summary>
internal static class ConsolePaths
{
    public const string Root = "/console";
    public const string Home = "/console/";
    public const string Logon = "/console/logon";
    public const string LogonMfa = "/console/logon/mfa";
    public const string LogonBindMfa = "/console/logon/bind-mfa";
    public const string LogonPassword = "/console/logon/password";
    public const string AccessKeys = "/console/accesskeys";
    public const string AccessKeyRecycleBin = "/console/accesskeys/recycle-bin";
    public const string Users = "/console/ram/users";

    public const string Policies = "/console/ram/policies";
    public const string CreatePolicy = "/console/ram/create-policy";
    public const string Groups = "/console/ram/groups";

    public static string User(string userName) => $"{Users}/{Uri.EscapeDataString(userName)}";

    public static string UserRecycleBin(string userName) => $"{User(userName)}/recycle-bin";

    public static string UserPermissions(string userName) => $"{User(userName)}/permissions";

    public static string Policy(string policyType, string policyName) => $"{Policies}/{Uri.EscapeDataString(policyType)}/{Uri.EscapeDataString(policyName)}";

    public static string Group(string groupName) => $"{Groups}/{Uri.EscapeDataString(groupName)}";

    public const string Roles = "/console/ram/roles";

    public static string Role(string roleName) => $"{Roles}/{Uri.EscapeDataString(roleName)}";

    public static bool IsConsole(string? path) =>
        path is not null
        && path.StartsWith(Root, StringComparison.OrdinalIgnoreCase)
        && (path.Length == Root.Length || path[Root.Length] == '/');
}
