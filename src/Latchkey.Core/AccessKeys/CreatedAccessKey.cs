namespace Latchkey.Core.AccessKeys;

/// <summary>The result of creating a key: the only object that carries its secret to the caller.</summary>
public sealed record CreatedAccessKey(AccessKey Key, AccessKeySecret Secret);
