using System.Security.Cryptography;
using System.Text;
using Latchkey.Core.Accounts;
using Latchkey.Core.Diagnostics;
using Latchkey.Core.Mfa;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using Latchkey.Core.Users;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Logons;

/// <summary>
/// Console log on: an account with its account name, a RAM user with its principal name
/// UserName@&lt;alias or AccountId&gt;.&lt;suffix&gt;. Owns the lockout: every attempt is counted
/// in the store, atomically and before the password is looked at, per resolved identity (every
/// name form of one user shares one count; a name that resolves to nobody has its own), so no
/// number of concurrent tries gets more password checks than the rule allows. Also owns the
/// session stamp that ends every session of an identity when its password changes.
/// </summary>
public sealed class LogonService
{
    /// <summary>The built-in rule: 5 attempts without success within 15 minutes lock the identity for 15 minutes.</summary>
    public static readonly LogonThrottleRule Rule = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));

    private readonly ILogonThrottleStore _store;
    private readonly IAccountStore _accounts;
    private readonly IRamUserStore _userStore;
    private readonly RamUserService _users;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _options;
    private readonly PasswordPolicyService _passwordPolicy;
    private readonly SecurityPreferenceService _preferences;
    private readonly MfaService _mfa;
    private readonly IMetricsSink? _metrics;

    public LogonService(
        ILogonThrottleStore store,
        IAccountStore accounts,
        IRamUserStore userStore,
        RamUserService users,
        TimeProvider time,
        IOptions<IdentityOptions> options,
        PasswordPolicyService passwordPolicy,
        SecurityPreferenceService preferences,
        MfaService mfa,
        IMetricsSink? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _accounts = accounts;
        _userStore = userStore;
        _users = users;
        _time = time;
        _options = options.Value;
        _passwordPolicy = passwordPolicy;
        _preferences = preferences;
        _mfa = mfa;
        _metrics = metrics;
    }

    /// <summary>The rule of a password policy with MaxLoginAttemps = <paramref name="attempts"/> &gt; 0: that many wrong passwords in a row lock for one hour.</summary>
    public static LogonThrottleRule PolicyRule(int attempts) => new(attempts, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    /// <summary>
    /// Errors.Account.LogonLocked while the identity is locked (the password is not checked then),
    /// else Errors.Account.LogonFailed for a wrong name or password, else the principal, its session
    /// stamp and the steps still needed before a session may start.
    /// </summary>
    public Task<Result<ConsoleLogon>> LogOnAsync(string logonName, string password, CancellationToken ct) =>
        LogOnAsync(logonName, password, null, ct);

    /// <summary>
    /// As above, from <paramref name="sourceIp"/>: Errors.Account.LogonNetworkRefused (before any
    /// count or check) when a RAM user's account's LoginNetworkMasks do not hold it; a null address
    /// is a logon from inside the process (tests, tools) and skips the network check.
    /// </summary>
    public async Task<Result<ConsoleLogon>> LogOnAsync(string logonName, string password, string? sourceIp, CancellationToken ct)
    {
        var name = (logonName ?? "").Trim();
        var identity = await ResolveAsync(name, ct);
        var key = identity is null ? KeyOf("name:" + name.ToUpperInvariant()) : KeyOf("principal:" + identity.Principal.PrincipalId);
        var found = identity is null ? default : await _preferences.GetAsync(identity.Account.AccountId, ct);
        var preference = found.IsSuccess ? found.Value : null;
        // LoginNetworkMasks restrict RAM users (as in Alibaba's console); the account itself can
        // always log on, so a wrong mask never locks out the one identity that can fix it.
        if (sourceIp is not null && identity?.User is not null && preference is not null && !SecurityPreferenceService.AllowsLogonFrom(preference, sourceIp))
        {
            return Errors.Account.LogonNetworkRefused;
        }

        var policy = identity?.User is null ? null : await _passwordPolicy.GetAsync(identity.Account.AccountId, ct);
        var rule = policy is { MaxLoginAttemps: > 0 } ? PolicyRule(policy.MaxLoginAttemps) : Rule;

        var admitted = await AdmitAsync(key, rule, ct);
        if (!admitted.IsSuccess)
        {
            return admitted.Error;
        }

        // Check even when there is no hash, so the answer takes as long either way.
        _metrics?.ConsolePasswordChecked();
        if (!PasswordHashing.Verify(identity?.PasswordHash, password ?? "") || identity?.PasswordHash is not { } hash)
        {
            return admitted.Value.IsLockedAt(_time.GetUtcNow()) ? Locked(rule) : Errors.Account.LogonFailed;
        }

        await _store.ResetLogonFailuresAsync(key, ct);
        if (!identity.Principal.IsAccount)
        {
            await _userStore.RecordUserLoginAsync(identity.Principal.UserId!, _time.GetUtcNow(), ct);
        }

        var steps = LogonSteps.None;
        var device = await _mfa.FindBoundAsync(identity.Principal, ct);
        if (device is not null)
        {
            steps |= LogonSteps.MfaCode;
        }
        else if (identity.Profile is { } profile
            && (profile.MfaBindRequired || preference is { EnforceMFAForLogin: true }))
        {
            steps |= LogonSteps.BindMfa;
        }

        if (identity.Profile is { } current && policy is not null)
        {
            var expiry = await PasswordExpiryAsync(current, policy, ct);
            if (expiry is PasswordExpiry.Hard)
            {
                return Errors.Account.PasswordExpired;
            }

            if (current.PasswordResetRequired || expiry is PasswordExpiry.Soft)
            {
                steps |= LogonSteps.ChangePassword;
            }
        }

        return new ConsoleLogon(identity.Principal, SessionStamps.Of(hash), steps);
    }

    /// <summary>How long a console session of <paramref name="principal"/>'s account may last: the security preference's LoginSessionDuration.</summary>
    public async Task<TimeSpan> SessionDurationAsync(Principal principal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var preference = await _preferences.GetAsync(principal.AccountId, ct);
        return TimeSpan.FromHours(preference.IsSuccess ? preference.Value.LoginSessionDuration : SecurityPreference.Default.LoginSessionDuration);
    }

    /// <summary>
    /// MaxPasswordAge (and InitialPasswordAge for a password an administrator set) counted from
    /// when the password was set: Soft = change it at logon; Hard = HardExpire, no logon.
    /// </summary>
    private async Task<PasswordExpiry> PasswordExpiryAsync(LoginProfile profile, PasswordPolicy policy, CancellationToken ct)
    {
        if (policy.MaxPasswordAge <= 0 && policy.InitialPasswordAge <= 0)
        {
            return PasswordExpiry.None;
        }

        var current = await _passwordPolicy.CurrentAsync(profile.UserId, ct);
        var setDate = current?.SetDate ?? profile.UpdateDate;
        var age = _time.GetUtcNow() - setDate;
        if (policy.MaxPasswordAge > 0 && age > TimeSpan.FromDays(policy.MaxPasswordAge))
        {
            return policy.HardExpire ? PasswordExpiry.Hard : PasswordExpiry.Soft;
        }

        // An initial password past its age must be changed before anything else, like a reset.
        return policy.InitialPasswordAge > 0 && current is { Initial: true } && age > TimeSpan.FromDays(policy.InitialPasswordAge)
            ? PasswordExpiry.Soft
            : PasswordExpiry.None;
    }

    /// <summary>
    /// Checks the current password of a signed-in identity (before it changes its password or a
    /// security setting). Counted in the same lockout as its log ons: LogonLocked while locked,
    /// OldPasswordIncorrect when wrong.
    /// </summary>
    public async Task<Result> VerifyCurrentPasswordAsync(Principal principal, string password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var key = KeyOf("principal:" + principal.PrincipalId);
        var policy = principal.IsAccount ? null : await _passwordPolicy.GetAsync(principal.AccountId, ct);
        var rule = policy is { MaxLoginAttemps: > 0 } ? PolicyRule(policy.MaxLoginAttemps) : Rule;
        var admitted = await AdmitAsync(key, rule, ct);
        if (!admitted.IsSuccess)
        {
            return admitted.Error;
        }

        _metrics?.ConsolePasswordChecked();
        var hash = await CurrentPasswordHashAsync(principal, ct);
        if (!PasswordHashing.Verify(hash, password ?? "") || hash is null)
        {
            return admitted.Value.IsLockedAt(_time.GetUtcNow()) ? Locked(rule) : Errors.Password.OldPasswordIncorrect;
        }

        await _store.ResetLogonFailuresAsync(key, ct);
        return Result.Success;
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

    /// <summary>
    /// Counts the attempt first, in one atomic store statement; only attempts numbered within the
    /// rule's limit go on to a password check, whatever their number or concurrency.
    /// </summary>
    private async Task<Result<LogonThrottle>> AdmitAsync(string key, LogonThrottleRule rule, CancellationToken ct)
    {
        var attempt = await _store.RecordLogonFailureAsync(key, _time.GetUtcNow(), rule, ct);
        return attempt.Failures > rule.MaxFailures ? Locked(rule) : attempt;
    }

    /// <summary>LogonLocked, saying how long the rule locks for (the built-in rule's text is the catalogue's).</summary>
    private static ApiError Locked(LogonThrottleRule rule) =>
        rule.LockDuration == Rule.LockDuration
            ? Errors.Account.LogonLocked
            : Errors.Account.LogonLocked.WithMessage($"Too many failed log ons for this logon name. It is locked for {rule.LockDuration.TotalMinutes:0} minutes; try again later.");

    private async Task<string?> CurrentPasswordHashAsync(Principal principal, CancellationToken ct)
    {
        if (principal.IsAccount)
        {
            return (await _accounts.FindAccountAsync(principal.AccountId, ct))?.PasswordHash;
        }

        var user = await _userStore.FindUserByIdAsync(principal.AccountId, principal.UserId!, ct);
        return user is null ? null : (await _userStore.FindLoginProfileAsync(user.UserId, ct))?.PasswordHash;
    }

    /// <summary>The identity a logon name names, without looking at any password; null when it names nobody.</summary>
    private async Task<LogonIdentity?> ResolveAsync(string name, CancellationToken ct)
    {
        if (name.Length == 0)
        {
            return null;
        }

        var suffix = "." + _options.PrincipalNameSuffix;
        if (name.Contains('@', StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            var found = await _users.FindByPrincipalNameAsync(name, ct);
            if (!found.IsSuccess)
            {
                return null;
            }

            var (account, user) = found.Value;
            var profile = await _userStore.FindLoginProfileAsync(user.UserId, ct);
            return new LogonIdentity(new Principal(user.AccountId, user.UserId, user.UserName, null), account, user, profile, profile?.PasswordHash);
        }

        var owner = await _accounts.FindAccountByNameAsync(name, ct);
        return owner is null ? null : new LogonIdentity(new Principal(owner.AccountId, null, null, null), owner, null, null, owner.PasswordHash);
    }

    /// <summary>A digest of the key text: fixed length, and no attacker-chosen text is stored.</summary>
    private static string KeyOf(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private enum PasswordExpiry
    {
        None,
        Soft,
        Hard,
    }

    private sealed record LogonIdentity(Principal Principal, Account Account, RamUser? User, LoginProfile? Profile, string? PasswordHash);
}
