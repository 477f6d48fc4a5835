using System.Collections.Concurrent;
using Latchkey.Core.Authorization;
using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Signing;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Sts;

/// <summary>
/// Verifies temporary credentials on the request path with no store read for the token itself:
/// a SecurityToken is opened (AES-GCM) once per node and kept, keyed by its exact text, with its
/// secret prepared as a <see cref="SigningKey"/>, so a session-signed request then costs what a
/// key-signed one does. The role is checked through <see cref="PermissionCache"/> (deleted role,
/// sessions revoked), which every node drops on a change within the change feed's bound.
/// </summary>
public sealed class SessionCredentials : IDisposable
{
    private readonly ConcurrentDictionary<string, CachedSession> _sessions = new(StringComparer.Ordinal);
    private readonly SessionTokenSealer _sealer;
    private readonly PermissionCache _permissions;
    private readonly TimeProvider _time;
    private readonly int _capacity;

    public SessionCredentials(SessionTokenSealer sealer, PermissionCache permissions, TimeProvider time, IOptions<StsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sealer = sealer;
        _permissions = permissions;
        _time = time;
        _capacity = options.Value.SessionCacheCapacity;
    }

    public int Count => _sessions.Count;

    /// <summary>The session the token proves for <paramref name="accessKeyId"/>: Malformed, MismatchWithAccessKey or Expired otherwise.</summary>
    public Result<CachedSession> Open(string accessKeyId, string securityToken)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        ArgumentNullException.ThrowIfNull(securityToken);
        var now = _time.GetUtcNow();
        if (!_sessions.TryGetValue(securityToken, out var session) || session.SigningKey.IsDisposed)
        {
            var opened = _sealer.Open(securityToken);
            if (!opened.IsSuccess)
            {
                return opened.Error;
            }

            var (claims, version) = opened.Value;
            if (!string.Equals(claims.AccessKeyId, accessKeyId, StringComparison.Ordinal))
            {
                return Errors.Sts.TokenMismatch;
            }

            if (now >= claims.Expiration)
            {
                return Errors.Sts.TokenExpired;
            }

            CompiledPolicy? sessionPolicy = null;
            if (claims.SessionPolicy is { } text)
            {
                // Validated when the session was issued; a stricter engine since then grants nothing rather than everything.
                var compiled = PolicyDocument.Compile(text);
                if (!compiled.IsSuccess)
                {
                    return Errors.Sts.TokenMalformed;
                }

                sessionPolicy = compiled.Value;
            }

            var principal = new Principal(claims.AccountId, null, null, accessKeyId)
            {
                Session = new RoleSession(claims.RoleId, claims.RoleName, claims.RoleSessionName, claims.IssuedAt, claims.Expiration, claims.SourceIdentity, sessionPolicy),
            };
            var fresh = new CachedSession(accessKeyId, principal, new SigningKey(_sealer.SecretFor(accessKeyId, version)));
            if (_sessions.Count >= _capacity)
            {
                Trim(now);
            }

            session = _sessions.AddOrUpdate(securityToken, fresh, (_, existing) => existing.SigningKey.IsDisposed ? fresh : existing);
            if (!ReferenceEquals(session, fresh))
            {
                fresh.SigningKey.Dispose();
            }
        }

        if (!string.Equals(session.AccessKeyId, accessKeyId, StringComparison.Ordinal))
        {
            return Errors.Sts.TokenMismatch;
        }

        if (now >= session.Session.Expiration)
        {
            Remove(securityToken, session);
            return Errors.Sts.TokenExpired;
        }

        return session;
    }

    /// <summary>Null while the role exists and has not revoked sessions issued before this one; InvalidSecurityToken.Expired otherwise.</summary>
    public async ValueTask<ApiError?> CheckRoleAsync(CachedSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var role = await _permissions.GetRoleAsync(session.Principal.AccountId, session.Session.RoleId, ct);
        return role is null || (role.Role.SessionsNotBefore is { } notBefore && session.Session.IssuedAt < notBefore)
            ? Errors.Sts.TokenExpired
            : null;
    }

    public void Dispose()
    {
        foreach (var pair in _sessions)
        {
            Remove(pair.Key, pair.Value);
        }
    }

    /// <summary>Drops expired sessions; if that frees too little, everything (they reopen on their next request).</summary>
    private void Trim(DateTimeOffset now)
    {
        foreach (var pair in _sessions)
        {
            if (now >= pair.Value.Session.Expiration)
            {
                Remove(pair.Key, pair.Value);
            }
        }

        if (_sessions.Count >= _capacity * 3 / 4)
        {
            foreach (var pair in _sessions)
            {
                Remove(pair.Key, pair.Value);
            }
        }
    }

    private void Remove(string token, CachedSession session)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, CachedSession>(token, session)))
        {
            // A verify in flight finishes with it; one that starts later sees it disposed and reopens the token.
            session.SigningKey.Dispose();
        }
    }
}
