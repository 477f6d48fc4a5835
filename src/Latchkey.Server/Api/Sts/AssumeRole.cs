using System.Net;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using Latchkey.Core.Sts;

namespace Latchkey.Server.Api.Sts;

/// <summary>
/// STS AssumeRole: RoleArn, RoleSessionName (required), DurationSeconds (900 up to the role's
/// MaxSessionDuration, default 3600), Policy, ExternalId, SourceIdentity. The caller's
/// <c>sts:AssumeRole</c> permission on the role was decided centrally; StsService checks the
/// trust policy and issues the credentials. The secret and the token appear only in this
/// response (SDK sts20150401 AssumeRoleResponseBody).
/// </summary>
internal static class AssumeRole
{
    public sealed record Response(CredentialsView Credentials, AssumedRoleUserView AssumedRoleUser, string? SourceIdentity);

    public sealed record CredentialsView(string AccessKeyId, string AccessKeySecret, string SecurityToken, DateTimeOffset Expiration);

    public sealed record AssumedRoleUserView(string Arn, string AssumedRoleId);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var duration = context.OptionalInt32("DurationSeconds");
        if (!duration.IsSuccess)
        {
            return Errors.Sts.DurationSeconds;
        }

        var input = new AssumeRoleInput(
            context.Optional("RoleArn"),
            context.Optional("RoleSessionName"),
            duration.Value,
            context.Optional("Policy"),
            context.Optional("ExternalId"),
            context.Optional("SourceIdentity"));
        var facts = new AuthorizationContext(
            IPAddress.TryParse(context.SourceIp, out var address) ? address : null,
            context.Get<TimeProvider>().GetUtcNow(),
            context.SecureTransport,
            mfaPresent: false);
        var assumed = await context.Get<StsService>().AssumeRoleAsync(context.Audit, input, facts, cancellationToken);
        return ApiResponse.From(assumed, a => new Response(
            new CredentialsView(a.AccessKeyId, a.AccessKeySecret.Reveal(), a.SecurityToken, a.Expiration),
            new AssumedRoleUserView(a.AssumedRoleUserArn, a.AssumedRoleId),
            a.SourceIdentity));
    }
}
