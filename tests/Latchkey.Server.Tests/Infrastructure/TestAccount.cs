namespace Latchkey.Server.Tests.Infrastructure;

public sealed record TestAccount(string AccountId, string AccessKeyId, string AccessKeySecret);
