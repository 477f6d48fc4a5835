namespace Latchkey.Server.Api;

/// <summary>
/// One row of the <see cref="ActionTable"/>: which handler serves (Version, Action), and what the
/// RPC endpoint authorizes before calling it: the RAM action name (e.g. <c>ram:CreateUser</c>) on
/// the resources <see cref="Resources"/> names. A null <see cref="RamAction"/> is not authorized
/// (STS GetCallerIdentity: any valid credential may ask who it is).
/// </summary>
/// <remarks><see cref="AlsoRequires"/>: further RAM actions the caller must be allowed on the same resources (Latchkey's own rotation actions, which create, disable and delete keys).</remarks>
internal sealed record ActionDescriptor(string Product, string Version, string Action, ActionHandler Handler, string? RamAction, ResourceSelector Resources, IReadOnlyList<string>? AlsoRequires = null);
