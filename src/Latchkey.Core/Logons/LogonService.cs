using System.Security.Cryptography;
using System.Text;
using Latchkey.Core.Accounts;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using Latchkey.Core.Users;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Logons;

/// <summary>
/// Console log on: an account with its account name, a RAM user with its principal name
/// UserName@&lt;alias or AccountId&gt;.&lt;suffix&gt;. Owns the lockout rule (<see cref="Rule"/>), kept
/// per logon name in the store, with the same answer whether or not the name exists; and the
/// session stamp that ends every session of an identity when its password changes.
/// </summary>
public sealed class LogonService
{
    /// <summary>5 failures within 15 minutes lock the logon name for 15 minutes.</summary>
    public static readonly LogonThrottleRule Rule = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));

    private readonly ILatchkeyStore _store;
    private readonly RamUserService _users;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _options;

    public LogonService(ILatchkeyStore store, RamUserService users, TimeProvider time, IOptions<IdentityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _users = users;
        _time = time;
        _options = options.Value;
    }

    /// <summary>
    /// Errors.Account.LogonLocked while the name is locked (the password is not checked then),
    /// else Errors.Account.LogonFailed for a wrong name or password (and the failure counts; the
    /// failure that reaches the limit answers LogonLocked), else the principal and its session stamp.
    /// </summary>
    public async Task<Result<ConsoleLogon>> LogOnAsync(string logonName, string password, CancellationToken ct)
    {
        var name = (logonName ?? "").Trim();
        var key = KeyOf(name);
        var throttle = await _store.FindLogonThrottleAsync(key, ct);
        if (throttle is not null && throttle.IsLockedAt(_time.GetUtcNow()))
        {
            return Errors.Account.LogonLocked;
        }

        var logon = await VerifyAsync(name, password ?? "", ct);
        if (logon is null)
        {
            var now = _time.GetUtcNow();
            var after = await _store.RecordLogonFailureAsync(key, now, Rule, ct);
            return after.IsLockedAt(now) ? Errors.Account.LogonLocked : Errors.Account.LogonFailed;
        }

        await _store.ResetLogonFailuresAsync(key, ct);
        if (!logon.Principal.IsAccount)
        {
            await _store.RecordUserLoginAsync(logon.Principal.UserId!, _time.GetUtcNow(), ct);
        }

        return logon;
    }

    /// <summary>
    /// Whether a session of <paramref name="principal"/> carrying <paramref name="sessionStamp"/> may go
    /// on: the account or RAM user still exists, a RAM user still has its console logon, and the
    /// password has not changed since the session began.
    /// </summary>
    public async Task<bool> IsSessionCurrentAsync(Principal principal, string? sessionStamp, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var hash = await CurrentPasswordHashAsync(principal, ct);
        return hash is not null && SessionStamps.Matches(sessionStamp, hash);
    }

    /// <summary>The stamp a session of <paramref name="principal"/> needs now (after its own password change), or null when it has no password.</summary>
    public async Task<string?> CurrentSessionStampAsync(Principal principal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var hash = await CurrentPasswordHashAsync(principal, ct);
        return hash is null ? null : SessionStamps.Of(hash);
    }

    private async Task<string?> CurrentPasswordHashAsync(Principal principal, CancellationToken ct)
    {
        if (principal.IsAccount)
        {
            return (await _store.FindAccountAsync(principal.AccountId, ct))?.PasswordHash;
        }

        var user = await _store.FindUserByIdAsync(principal.AccountId, principal.UserId!, ct);
        return user is null ? null : (await _store.FindLoginProfileAsync(user.UserId, ct))?.PasswordHash;
    }

    private async Task<ConsoleLogon?> VerifyAsync(string name, string password, CancellationToken ct)
    {
        if (name.Length == 0)
        {
            PasswordHashing.Verify(null, password);
            return null;
        }

        var suffix = "." + _options.PrincipalNameSuffix;
        if (name.Contains('@', StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            var found = await _users.FindByPrincipalNameAsync(name, ct);
            var profile = found.IsSuccess ? await _store.FindLoginProfileAsync(found.Value.User.UserId, ct) : null;

            // Verify even when there is no profile, so the answer takes as long either way.
            if (!PasswordHashing.Verify(profile?.PasswordHash, password) || !found.IsSuccess || profile is null)
            {
                return null;
            }

            var user = found.Value.User;
            return new ConsoleLogon(new Principal(user.AccountId, user.UserId, user.UserName, null), SessionStamps.Of(profile.PasswordHash));
        }

        var account = await _store.FindAccountByNameAsync(name, ct);
        return PasswordHashing.Verify(account?.PasswordHash, password) && account?.PasswordHash is { } hash
            ? new ConsoleLogon(new Principal(account.AccountId, null, null, null), SessionStamps.Of(hash))
            : null;
    }

    /// <summary>A digest of the case-folded name: fixed length, and no attacker-chosen text is stored.</summary>
    private static string KeyOf(string name) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name.ToUpperInvariant())));
}
