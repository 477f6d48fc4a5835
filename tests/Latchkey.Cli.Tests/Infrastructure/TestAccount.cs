namespace Latchkey.Cli.Tests.Infrastructure;

/// <summary>An account made by <c>latchkey bootstrap</c>, with its first AccessKey and a configured profile folder.</summary>
public sealed record TestAccount(string AccountId, string AccessKeyId, string AccessKeySecret, string ConfigDir);
