namespace Latchkey.Cli;

/// <summary>One signed RPC call: the action, its version, its parameters and how to sign and send it.</summary>
internal sealed record ApiCall(string Action, string Version, IReadOnlyList<KeyValuePair<string, string>> Parameters, string Signature = "v3", string? Method = null);
