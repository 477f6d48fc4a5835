using Latchkey.Core.Authorization;

namespace Latchkey.Server.Api;

/// <summary>
/// The resource of each kind of action, as RAM authorizes it (spec ram-policies.md §4.2). A user
/// named by UserName (absent = the caller itself) is <c>acs:ram:*:&lt;AccountId&gt;:user/&lt;UserName&gt;</c>;
/// actions that name two entities (AttachPolicyToUser: user and policy) need both allowed.
/// </summary>
internal static class ActionResources
{
    public static string[] None(ActionContext context) => [];

    public static string[] Any(ActionContext context) => ["*"];

    public static string[] Account(ActionContext context) => [ResourceNames.Account(Id(context))];

    public static string[] AllUsers(ActionContext context) => [ResourceNames.User(Id(context), "*")];

    public static string[] User(ActionContext context) => [UserArn(context, context.Optional("UserName"))];

    /// <summary>IMS names users by UserPrincipalName (name@domain); the resource is the name part in the caller's account.</summary>
    public static string[] ImsUser(ActionContext context)
    {
        var principalName = context.Optional("UserPrincipalName");
        var at = principalName?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return [UserArn(context, at > 0 ? principalName![..at] : principalName)];
    }

    /// <summary>IMS GetUser may name the user by UserId or by AccessKeyId: unknown before the lookup, so any user.</summary>
    public static string[] ImsGetUser(ActionContext context) =>
        context.Optional("UserPrincipalName") is not null ? ImsUser(context)
        : context.Optional("UserId") is not null || context.Optional("UserAccessKeyId") is not null ? AllUsers(context)
        : [UserArn(context, null)];

    /// <summary>
    /// IMS recycle-bin actions name the owner by UserId: absent (or the caller's own id) is the
    /// caller itself; another id is unknown before the lookup, so any user.
    /// </summary>
    public static string[] ImsUserById(ActionContext context) =>
        context.Optional("UserId") is { } userId && !string.Equals(userId, context.Caller.UserId, StringComparison.Ordinal)
            ? AllUsers(context)
            : [UserArn(context, null)];

    public static string[] AllGroups(ActionContext context) => [ResourceNames.Group(Id(context), "*")];

    public static string[] Group(ActionContext context) => [ResourceNames.Group(Id(context), context.Optional("GroupName") ?? "")];

    public static string[] AllRoles(ActionContext context) => [ResourceNames.Role(Id(context), "*")];

    public static string[] Role(ActionContext context) => [ResourceNames.Role(Id(context), context.Optional("RoleName") ?? "")];

    public static string[] RoleAndPolicy(ActionContext context) => [Role(context)[0], PolicyArn(context)];

    /// <summary>STS AssumeRole: the role RoleArn names, in the account the ARN names (which may be another account).</summary>
    public static string[] AssumedRole(ActionContext context)
    {
        var arn = context.Optional("RoleArn") ?? "";
        var parts = arn.Split(':', 5);
        return parts.Length == 5 && parts[4].StartsWith("role/", StringComparison.Ordinal) && parts[3].Length > 0
            ? [ResourceNames.Role(parts[3], parts[4]["role/".Length..])]
            : [ResourceNames.Role(Id(context), "")];
    }

    public static string[] AllPolicies(ActionContext context) => [ResourceNames.CustomPolicy(Id(context), "*")];

    /// <summary>A custom policy of the caller's account (writes never touch system policies).</summary>
    public static string[] CustomPolicy(ActionContext context) => [ResourceNames.CustomPolicy(Id(context), context.Optional("PolicyName") ?? "")];

    /// <summary>A policy by PolicyType: System ones live in the "system" account.</summary>
    public static string[] Policy(ActionContext context) => [PolicyArn(context)];

    public static string[] UserAndPolicy(ActionContext context) => [UserArn(context, context.Optional("UserName")), PolicyArn(context)];

    public static string[] GroupAndPolicy(ActionContext context) => [Group(context)[0], PolicyArn(context)];

    public static string[] UserAndGroup(ActionContext context) => [UserArn(context, context.Optional("UserName")), Group(context)[0]];

    private static string Id(ActionContext context) => context.Caller.AccountId;

    private static string PolicyArn(ActionContext context)
    {
        var name = context.Optional("PolicyName") ?? "";
        return context.Optional("PolicyType") == "System" ? ResourceNames.SystemPolicy(name) : ResourceNames.CustomPolicy(Id(context), name);
    }

    /// <summary>The caller's own name is written as the caller's spelling, so "its own user" does not depend on case.</summary>
    private static string UserArn(ActionContext context, string? userName)
    {
        var caller = context.Caller;
        var name = userName is null || string.Equals(userName, caller.UserName, StringComparison.OrdinalIgnoreCase)
            ? caller.UserName ?? ""
            : userName;
        return ResourceNames.User(caller.AccountId, name);
    }
}
