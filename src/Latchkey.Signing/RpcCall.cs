namespace Latchkey.Signing;

/// <summary>An RPC call to sign: the operation, its API version and its own parameters.</summary>
/// <param name="Action">The operation, e.g. <c>CreateUser</c>.</param>
/// <param name="Version">The API version, e.g. <c>2015-05-01</c>.</param>
/// <param name="Parameters">The operation's parameters in the order to send them; repeated names allowed.</param>
public sealed record RpcCall(string Action, string Version, IReadOnlyList<KeyValuePair<string, string>> Parameters);
