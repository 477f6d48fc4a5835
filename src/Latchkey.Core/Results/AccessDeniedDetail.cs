namespace Latchkey.Core.Results;

/// <summary>
/// The object Alibaba adds to a NoPermission error body: what was evaluated for whom and why it
/// failed; <see cref="EncodedDiagnosticMessage"/> decodes with DecodeDiagnosticMessage by the
/// same account. Wire names are the property names.
/// </summary>
public sealed record AccessDeniedDetail(
    string AuthAction,
    string AuthPrincipalType,
    string AuthPrincipalOwnerId,
    string AuthPrincipalDisplayName,
    string PolicyType,
    string NoPermissionType,
    string EncodedDiagnosticMessage);
