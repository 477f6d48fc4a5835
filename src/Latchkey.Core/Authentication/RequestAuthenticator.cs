using Latchkey.Core.AccessKeys;
using Latchkey.Core.Diagnostics;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Results;
using Latchkey.Core.Sts;
using Latchkey.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using GuardLog = Latchkey.Core.KeyGuard.Log;

namespace Latchkey.Core.Authentication;

/// <summary>
/// The hot path (DESIGN.md): parse → AccessKeyId shape (no store access for a malformed id) →
/// cached key → status → timestamp window → signature (constant time) → nonce (only after the
/// signature holds, so nobody can burn another key's nonces) → principal → last use.
/// Owns invariant 4 (a signed request is accepted once).
/// </summary>
public sealed class RequestAuthenticator
{
    private readonly AccessKeyCache _keys;
    private readonly INonceStore _nonces;
    private readonly LastUseRecorder _lastUse;
    private readonly TimeProvider _time;
    private readonly ILogger<RequestAuthenticator> _logger;
    private readonly TimeSpan _maxClockSkew;
    private readonly IMetricsSink? _metrics;
    private readonly KnownAccessKeyIds _knownIds;
    private readonly FailedAuthenticationLimiter _limiter;
    private readonly KeyUsageRecorder? _usage;
    private readonly AccessKeyGuardService? _guards;
    private readonly SessionCredentials? _sessions;

    public RequestAuthenticator(
        AccessKeyCache keys,
        INonceStore nonces,
        LastUseRecorder lastUse,
        KnownAccessKeyIds knownIds,
        FailedAuthenticationLimiter limiter,
        TimeProvider time,
        IOptions<SignatureOptions> options,
        ILogger<RequestAuthenticator> logger,
        IMetricsSink? metrics = null,
        KeyUsageRecorder? usage = null,
        AccessKeyGuardService? guards = null,
        SessionCredentials? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = keys;
        _nonces = nonces;
        _lastUse = lastUse;
        _knownIds = knownIds;
        _limiter = limiter;
        _time = time;
        _logger = logger;
        _maxClockSkew = options.Value.MaxClockSkew;
        _metrics = metrics;
        _usage = usage;
        _guards = guards;
        _sessions = sessions;
    }

    public ValueTask<Result<AuthenticatedRequest>> AuthenticateAsync(ReceivedRequest request, string sourceIp, CancellationToken ct) =>
        AuthenticateAsync(request, sourceIp, "", ct);

    /// <summary>As the contract's overload; <paramref name="requestId"/> only goes into rejection logs.</summary>
    public ValueTask<Result<AuthenticatedRequest>> AuthenticateAsync(ReceivedRequest request, string sourceIp, string requestId, CancellationToken ct) =>
        AuthenticateAsync(ParsedRequest.Parse(request), sourceIp, requestId, ct);

    /// <summary>
    /// Authenticates a request the caller has already parsed, so that the checks it ran before the
    /// signature, this authentication and the handler all read one parse (DESIGN invariant 6).
    /// </summary>
    public async ValueTask<Result<AuthenticatedRequest>> AuthenticateAsync(ParsedRequest parsed, string sourceIp, string requestId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var result = await AuthenticateCoreAsync(parsed, sourceIp, requestId, ct);
        _metrics?.RequestAuthenticated(parsed.SignatureVersion == SignatureVersion.V3 ? "v3" : "v1", result.IsSuccess ? "ok" : result.Error.Code);
        return result;
    }

    private async ValueTask<Result<AuthenticatedRequest>> AuthenticateCoreAsync(ParsedRequest parsed, string sourceIp, string requestId, CancellationToken ct)
    {
        // A source that keeps failing is refused before any work: no look-up, no HMAC.
        if (_limiter.IsSourceThrottled(sourceIp))
        {
            return Throttled(requestId, sourceIp, "source");
        }

        if (parsed.Error is { } parseError)
        {
            Log.RejectedUnparsable(_logger, requestId, parseError.Code);
            return Failed(sourceIp, null, Errors.FromSignature(parseError));
        }

        var accessKeyId = parsed.AccessKeyId;
        if (SessionTokenSealer.IsSessionAccessKeyId(accessKeyId) && _sessions is not null)
        {
            return await AuthenticateSessionAsync(parsed, accessKeyId, sourceIp, requestId, ct);
        }

        // A key this node holds already got into its cache through the checks below (the id's
        // checksum, the known-id set, the store): a live entry skips them and their lock and hash.
        var now = _time.GetUtcNow();
        var key = _keys.TryGetCached(accessKeyId, now);
        if (key is null && !AccessKeyIdFormat.IsWellFormed(accessKeyId))
        {
            Log.RejectedMalformedId(_logger, requestId, Errors.AccessKey.NotFound.Code);
            return Failed(sourceIp, null, Errors.AccessKey.NotFound);
        }

        // Past its limit an AccessKeyId's failures are answered Throttling.User, but only a request
        // whose signature holds gets through: nobody can lock a key's owner out with its id.
        var keyThrottled = _limiter.IsAccessKeyIdThrottled(accessKeyId);

        if (key is null)
        {
            // A well-formed id nobody created costs no store query (KnownAccessKeyIds).
            key = _knownIds.ShouldLookUp(accessKeyId) ? await _keys.FindAsync(accessKeyId, ct) : null;
            if (key is null)
            {
                return Reject(requestId, sourceIp, accessKeyId, keyThrottled, Errors.AccessKey.NotFound);
            }

            now = _time.GetUtcNow();
        }
        SignatureError? signatureError;
        try
        {
            if (key.Key.Status is not AccessKeyStatus.Active)
            {
                return Reject(requestId, sourceIp, accessKeyId, keyThrottled, Errors.AccessKey.Inactive);
            }

            if (!parsed.IsTimestampWithin(now, _maxClockSkew))
            {
                return Reject(requestId, sourceIp, accessKeyId, keyThrottled, Errors.FromSignature(SignatureErrors.TimestampExpired));
            }

            signatureError = parsed.Verify(key.SigningKey);
        }
        finally
        {
            // The lease keeps the SigningKey alive through the verify, however the cache changes meanwhile.
            key.Release();
        }

        if (signatureError is not null)
        {
            return Reject(requestId, sourceIp, accessKeyId, keyThrottled, Errors.FromSignature(signatureError));
        }

        // The key's guard, checked after the signature (only the secret's holder gets this far) and
        // before the nonce is recorded, so a refusal leaves the nonce unburned. It came with the
        // cached key: no store read.
        var outsidePolicy = false;
        if (key.Guard is { } guard)
        {
            if (guard.IsCanary)
            {
                // A canary looks like any key and can do nothing; its first use is the alert.
                if (_guards is not null)
                {
                    await _guards.CanaryUsedAsync(key, sourceIp, requestId, parsed.Action, ct);
                }

                return Reject(requestId, sourceIp, accessKeyId, false, Errors.Request.NoPermission);
            }

            // Alibaba's leak protection spares STS; so does ours (GetCallerIdentity still answers who the key is).
            if (guard.IsRestricted && parsed.Version != "2015-04-01")
            {
                GuardLog.LeakRestricted(_logger, requestId, accessKeyId);
                return Reject(requestId, sourceIp, accessKeyId, false, Errors.KeyGuard.LeakRestricted);
            }

            if (guard.NetworkPolicy is { } policy && !policy.Allows(sourceIp))
            {
                if (policy.Mode == NetworkPolicyMode.Active)
                {
                    // Alibaba answers a key used from outside its network ACL as a disabled key
                    // (OSS 0002-00000904: "The AccessKeyId in the request is disabled").
                    _metrics?.NetworkPolicyOutside("refused");
                    GuardLog.NetworkPolicyRefused(_logger, requestId, accessKeyId, sourceIp);
                    _usage?.RecordRefusal(accessKeyId, now, sourceIp, outsidePolicy: true);
                    return Reject(requestId, sourceIp, accessKeyId, false, Errors.AccessKey.Inactive, countRefusal: false);
                }

                outsidePolicy = true;
                _metrics?.NetworkPolicyOutside("audited");
                GuardLog.NetworkPolicyAudited(_logger, requestId, accessKeyId, sourceIp);
            }
        }

        // Remember the nonce until the request's timestamp has left the window; after that the
        // timestamp check refuses a replay by itself.
        switch (await _nonces.TryAddAsync(accessKeyId, parsed.SignatureNonce, parsed.Timestamp + _maxClockSkew, ct))
        {
            case NonceOutcome.Added:
                break;
            case NonceOutcome.Seen:
                // A replay carries a valid signature, so the per-key limit does not turn it into 429.
                return Reject(requestId, sourceIp, accessKeyId, false, Errors.FromSignature(SignatureErrors.NonceUsed));
            case NonceOutcome.Full:
                // Refused, never accepted unremembered: a full window must not turn into a replay hole.
                _metrics?.NonceRefused("full");
                Log.NonceWindowFull(_logger, requestId, accessKeyId);
                return Errors.Request.NonceWindowFull;
            default:
                return Reject(requestId, sourceIp, accessKeyId, false, Errors.FromSignature(SignatureErrors.Missing("SignatureNonce")));
        }

        _lastUse.Record(accessKeyId, now, ServiceNameOf(parsed.Version), parsed.Action, sourceIp ?? "");
        _usage?.RecordCall(accessKeyId, sourceIp ?? "", now, outsidePolicy);
        return new AuthenticatedRequest(parsed, key.Principal);
    }

    /// <summary>
    /// Temporary credentials (STS AssumeRole): the SecurityToken, which the signature covers like
    /// every other parameter or x-acs header (invariant 6), is opened from the node's cache or
    /// unsealed (no store read), must belong to this AccessKeyId and be unexpired, and its role
    /// must still exist without having revoked it; then the same window, signature and nonce
    /// checks as for a long-term key.
    /// </summary>
    private async ValueTask<Result<AuthenticatedRequest>> AuthenticateSessionAsync(ParsedRequest parsed, string accessKeyId, string sourceIp, string requestId, CancellationToken ct)
    {
        var keyThrottled = _limiter.IsAccessKeyIdThrottled(accessKeyId);
        if (parsed.SecurityToken is not { } token)
        {
            return Reject(requestId, sourceIp, accessKeyId, keyThrottled, Errors.Sts.MissingToken);
        }

        var opened = _sessions!.Open(accessKeyId, token);
        if (!opened.IsSuccess)
        {
            return Reject(requestId, sourceIp, accessKeyId, keyThrottled, opened.Error);
        }

        if (await _sessions.CheckRoleAsync(opened.Value, ct) is { } revoked)
        {
            return Reject(requestId, sourceIp, accessKeyId, keyThrottled, revoked);
        }

        var now = _time.GetUtcNow();
        if (!parsed.IsTimestampWithin(now, _maxClockSkew))
        {
            return Reject(requestId, sourceIp, accessKeyId, keyThrottled, Errors.FromSignature(SignatureErrors.TimestampExpired));
        }

        var session = opened.Value;
        SignatureError? signatureError;
        while (!parsed.TryVerify(session.SigningKey, out signatureError))
        {
            // The node's cache dropped the entry meanwhile: open the token again.
            var reopened = _sessions.Open(accessKeyId, token);
            if (!reopened.IsSuccess)
            {
                return Reject(requestId, sourceIp, accessKeyId, keyThrottled, reopened.Error);
            }

            session = reopened.Value;
        }

        if (signatureError is not null)
        {
            return Reject(requestId, sourceIp, accessKeyId, keyThrottled, Errors.FromSignature(signatureError));
        }

        switch (await _nonces.TryAddAsync(accessKeyId, parsed.SignatureNonce, parsed.Timestamp + _maxClockSkew, ct))
        {
            case NonceOutcome.Added:
                break;
            case NonceOutcome.Seen:
                return Reject(requestId, sourceIp, accessKeyId, false, Errors.FromSignature(SignatureErrors.NonceUsed));
            case NonceOutcome.Full:
                _metrics?.NonceRefused("full");
                Log.NonceWindowFull(_logger, requestId, accessKeyId);
                return Errors.Request.NonceWindowFull;
            default:
                return Reject(requestId, sourceIp, accessKeyId, false, Errors.FromSignature(SignatureErrors.Missing("SignatureNonce")));
        }

        var role = session.Session;
        Log.SessionAuthenticated(_logger, requestId, accessKeyId, role.RoleName, role.RoleSessionName, role.SourceIdentity ?? "");
        return new AuthenticatedRequest(parsed, session.Principal);
    }

    /// <summary>GetAccessKeyLastUsed's ServiceName, from the API version the request named.</summary>
    internal static string ServiceNameOf(string version) => version switch
    {
        "2015-05-01" => "Ram",
        "2019-08-15" => "Ims",
        "2015-04-01" => "Sts",
        // The verify API's own version: a resource server checking a request (VerifyRequest).
        "2025-01-01" => "Latchkey",
        _ => "",
    };

    private ApiError Reject(string requestId, string sourceIp, string accessKeyId, bool keyThrottled, ApiError error, bool countRefusal = true)
    {
        Log.Rejected(_logger, requestId, accessKeyId, error.Code);

        // Usage counts refusals of keys that exist; an id nobody created gets no counter.
        if (countRefusal && !ReferenceEquals(error, Errors.AccessKey.NotFound))
        {
            _usage?.RecordRefusal(accessKeyId, _time.GetUtcNow());
        }

        Failed(sourceIp, accessKeyId, error);
        return keyThrottled ? Throttled(requestId, accessKeyId, "accesskey") : error;
    }

    private ApiError Failed(string sourceIp, string? accessKeyId, ApiError error)
    {
        if (_limiter.RecordFailure(sourceIp, accessKeyId) is { } crossed)
        {
            // Once per source or key and minute: the moment it crossed its limit.
            Log.ThrottlingStarted(_logger, crossed == FailureScope.Source ? sourceIp : accessKeyId ?? "", crossed == FailureScope.Source ? "source" : "accesskey");
        }

        return error;
    }

    private ApiError Throttled(string requestId, string subject, string scope)
    {
        _metrics?.RequestThrottled(scope);
        Log.Throttled(_logger, requestId, subject, scope);
        return Errors.Request.Throttling;
    }
}
