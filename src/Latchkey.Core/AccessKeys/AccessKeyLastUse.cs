namespace Latchkey.Core.AccessKeys;

/// <summary>When a key last verified a request, for which action (product:Action) and from where.</summary>
public sealed record AccessKeyLastUse(DateTimeOffset Time, string ServiceName, string Action, string SourceIp);
