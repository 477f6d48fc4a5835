namespace Latchkey.EndToEnd.Tests.Infrastructure;

public sealed record TestKey(string AccountId, string AccessKeyId, string AccessKeySecret);
