using Latchkey.Core.Principals;

namespace Latchkey.Core.Audit;

/// <summary>Who asks for a change and from where; every mutating service call takes one.</summary>
public sealed record AuditContext(Principal Actor, string SourceIp, string RequestId);
