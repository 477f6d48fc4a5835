using Latchkey.Core.Results;

namespace Latchkey.Server.Api.Verify;

/// <summary>
/// The decision in a verify answer: <c>Allow</c>, or <c>Deny</c> with the NoPermission code,
/// message and Alibaba's AccessDeniedDetail object, exactly as the RPC endpoint would refuse.
/// </summary>
internal sealed record VerifyAuthorization(string Decision, string Action, string Resource, string? Code, string? Message, AccessDeniedDetail? AccessDeniedDetail)
{
    public static VerifyAuthorization Allow(string action, string resource) => new("Allow", action, resource, null, null, null);

    public static VerifyAuthorization Deny(string action, string resource, ApiError error) =>
        new("Deny", action, resource, error.Code, error.Message, error.AccessDenied);
}
