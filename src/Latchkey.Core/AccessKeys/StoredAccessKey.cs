using Latchkey.Core.Secrets;

namespace Latchkey.Core.AccessKeys;

/// <summary>A key as a store holds it: the key and its encrypted secret, always together.</summary>
public sealed record StoredAccessKey(AccessKey Key, ProtectedSecret Secret);
