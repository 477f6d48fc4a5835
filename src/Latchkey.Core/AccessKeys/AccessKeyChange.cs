namespace Latchkey.Core.AccessKeys;

/// <summary>One row of the change log: key <see cref="AccessKeyId"/> changed at position <see cref="Sequence"/>.</summary>
public readonly record struct AccessKeyChange(long Sequence, string AccessKeyId);
