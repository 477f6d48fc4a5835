namespace Latchkey.Cli;

/// <summary>
/// One signed call: the action, its version, its parameters and how to sign and send it. <see cref="Path"/>
/// is <c>/</c> for the RPC endpoint; any other path (a resource server's REST route) is signed with V3 over
/// that path, with the parameters in the query.
/// </summary>
internal sealed record ApiCall(string Action, string Version, IReadOnlyList<KeyValuePair<string, string>> Parameters, string Signature = "v3", string? Method = null, string Path = "/");
