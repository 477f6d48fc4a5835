namespace Latchkey.Core.Policies;

/// <summary>The principals one trust-policy statement names: RAM ARNs (compiled, normalised), Service and Federated names (kept, never matched by a RAM caller).</summary>
internal sealed record TrustPrincipals(Wildcard[] Ram, string[] RamText, string[] Services, string[] Federated);
