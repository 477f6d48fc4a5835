using System.Text.RegularExpressions;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Roles;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Sts;

/// <summary>
/// STS AssumeRole (spec ram-roles-sts-mfa.md §3): the caller's permission to call
/// <c>sts:AssumeRole</c> on the role is decided centrally before this runs; here the role's
/// trust policy must name the caller (evaluated by the same engine, with <c>sts:ExternalId</c>
/// as a condition key), and the credentials are issued: a temporary AccessKeyId, its secret
/// (derived, shown once) and a sealed, self-contained SecurityToken.
/// </summary>
public sealed partial class StsService(IRoleStore roles, SessionTokenSealer sealer, TimeProvider time, IOptions<StsOptions> options)
{
    public const int MinDurationSeconds = 900;
    public const int DefaultDurationSeconds = 3600;
    public const int MaxSessionPolicyLength = 2048;

    private readonly StsOptions _options = options.Value;

    public async Task<Result<AssumedRole>> AssumeRoleAsync(AuditContext ctx, AssumeRoleInput input, AuthorizationContext facts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(facts);
        var caller = ctx.Actor;
        if (caller.IsAccount && !_options.AllowAccountToAssumeRole)
        {
            return Errors.Sts.RootRefused;
        }

        if (string.IsNullOrEmpty(input.RoleArn))
        {
            return Errors.Missing("RoleArn");
        }

        if (RoleArnPattern().Match(input.RoleArn) is not { Success: true } arn)
        {
            return Errors.Sts.RoleArn;
        }

        if (string.IsNullOrEmpty(input.RoleSessionName))
        {
            return Errors.Missing("RoleSessionName");
        }

        if (!SessionNamePattern().IsMatch(input.RoleSessionName))
        {
            return Errors.Sts.RoleSessionName;
        }

        if (input.ExternalId is not null && !ExternalIdPattern().IsMatch(input.ExternalId))
        {
            return Errors.Sts.ExternalId;
        }

        var sourceIdentity = input.SourceIdentity ?? caller.Session?.SourceIdentity;
        if (input.SourceIdentity is not null
            && (!SourceIdentityPattern().IsMatch(input.SourceIdentity)
                || (caller.Session?.SourceIdentity is { } inherited && inherited != input.SourceIdentity)))
        {
            // A chained session keeps the source identity it was given; it cannot swap it.
            return Errors.Sts.SourceIdentity;
        }

        if (input.Policy is { Length: > MaxSessionPolicyLength })
        {
            return Errors.Sts.PolicySize;
        }

        var role = await roles.FindRoleAsync(arn.Groups[1].Value, arn.Groups[2].Value, ct);
        if (role is null)
        {
            return Errors.Sts.RoleNotFound;
        }

        var maximum = role.MaxSessionDuration;
        if (caller.IsRoleSession && _options.MaxChainedSessionDuration is { } chained)
        {
            maximum = Math.Min(maximum, chained);
        }

        var duration = input.DurationSeconds ?? Math.Min(DefaultDurationSeconds, maximum);
        if (duration < MinDurationSeconds || duration > maximum)
        {
            return Errors.Sts.DurationSeconds;
        }

        if (!Trusts(role, caller, input.ExternalId, facts))
        {
            return Errors.Sts.NotTrusted;
        }

        if (input.Policy is not null && PolicyDocument.Compile(input.Policy) is { IsSuccess: false } invalid)
        {
            return Errors.Sts.PolicyGrammar.WithMessage($"The parameter Policy has not passed grammar check. {invalid.Error.Message}");
        }

        // Whole seconds: credential providers parse Expiration with a fixed layout (spec §3.3).
        var issuedAt = time.GetUtcNow();
        var expiration = DateTimeOffset.FromUnixTimeSeconds(issuedAt.ToUnixTimeSeconds() + duration);
        var accessKeyId = SessionTokenSealer.NewAccessKeyId();
        var version = sealer.CurrentVersion;
        var claims = new SessionClaims(accessKeyId, role.AccountId, role.RoleId, role.RoleName, input.RoleSessionName, issuedAt, expiration, sourceIdentity, input.Policy);
        var token = sealer.Seal(claims, version);
        var secret = new AccessKeySecret(sealer.SecretFor(accessKeyId, version));

        var details = $"AssumedBy={caller.Arn}; RoleArn={role.Arn}; RoleSessionName={input.RoleSessionName}; AccessKeyId={accessKeyId}; DurationSeconds={duration}; SessionPolicy={(input.Policy is null ? "no" : "yes")}"
            + (sourceIdentity is null ? "" : $"; SourceIdentity={sourceIdentity}");
        await roles.RecordAssumeRoleAsync(AuditEvents.Create(role.AccountId, caller.PrincipalId, caller.AccessKeyId, ctx.SourceIp, ctx.RequestId, time, "AssumeRole", "Role", role.RoleName, details), ct);
        if (caller.AccountId != role.AccountId)
        {
            await roles.RecordAssumeRoleAsync(AuditEvents.Create(ctx, time, "AssumeRole", "Role", role.Arn, details), ct);
        }

        return new AssumedRole(
            accessKeyId,
            secret,
            token,
            expiration,
            $"acs:ram::{role.AccountId}:role/{role.RoleName.ToLowerInvariant()}/{input.RoleSessionName}",
            $"{role.RoleId}:{input.RoleSessionName}",
            input.SourceIdentity);
    }

    /// <summary>The role's trust policy names the caller: its account root, its own user, or (a session) its role.</summary>
    private static bool Trusts(RamRole role, Principal caller, string? externalId, AuthorizationContext facts)
    {
        var trust = PolicyDocument.CompileTrust(role.AssumeRolePolicyDocument, "AssumeRolePolicyDocument", Errors.Role.DocumentLength);
        if (!trust.IsSuccess)
        {
            return false;
        }

        List<string> callerArns = [$"acs:ram::{caller.AccountId}:root"];
        if (caller.Session is { } session)
        {
            callerArns.Add($"acs:ram::{caller.AccountId}:role/{session.RoleName.ToLowerInvariant()}");
        }
        else if (!caller.IsAccount)
        {
            callerArns.Add($"acs:ram::{caller.AccountId}:user/{caller.UserName}");
        }

        var values = new Dictionary<string, string>(facts.Values, StringComparer.OrdinalIgnoreCase);
        if (externalId is not null)
        {
            values["sts:ExternalId"] = externalId;
        }

        var context = new AuthorizationContext(facts.SourceIp, facts.CurrentTime, facts.SecureTransport, facts.MfaPresent, values);
        return trust.Value.Evaluate("sts:AssumeRole", role.Arn, callerArns, context) is PolicyDecision.Allow;
    }

    [GeneratedRegex(@"^acs:ram::([0-9]{1,32}):role/([A-Za-z0-9.\-]{1,64})$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[A-Za-z0-9.@_\-]{2,64}$")]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^[\w+=,.@:/\-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();

    [GeneratedRegex(@"^[\w+=,.@\-]{2,64}$")]
    private static partial Regex SourceIdentityPattern();
}
