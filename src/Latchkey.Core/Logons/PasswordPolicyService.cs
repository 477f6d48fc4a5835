using System.Text.Json;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;

namespace Latchkey.Core.Logons;

/// <summary>
/// The password policy: read and written (RAM and IMS share one per account), checked whenever a
/// RAM user's password is set, and the history that reuse prevention and password age need.
/// Latchkey's own floor applies under any policy: at most 32 characters and at least three of the
/// four character classes.
/// </summary>
public sealed class PasswordPolicyService
{
    public const string BuiltInRule = "8 to 32 characters with at least three of: lowercase letters, uppercase letters, digits and symbols.";

    /// <summary>How many past password hashes are kept per RAM user: the largest PasswordReusePrevention.</summary>
    public const int HistoryKept = 24;

    internal const string SettingName = "PasswordPolicy";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly ILogonSettingsStore _store;
    private readonly TimeProvider _time;

    public PasswordPolicyService(ILogonSettingsStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async Task<PasswordPolicy> GetAsync(string accountId, CancellationToken ct)
    {
        var text = await _store.FindAccountSettingAsync(accountId, SettingName, ct);
        return text is null ? PasswordPolicy.Default : JsonSerializer.Deserialize<PasswordPolicy>(text, Json) ?? PasswordPolicy.Default;
    }

    /// <summary>Changes the fields sent, after checking every one's range; the others keep their value.</summary>
    public async Task<Result<PasswordPolicy>> SetAsync(AuditContext ctx, PasswordPolicyUpdate update, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(update);
        if (Validate(update) is { } invalid)
        {
            return invalid;
        }

        var current = await GetAsync(ctx.Actor.AccountId, ct);
        var policy = current with
        {
            MinimumPasswordLength = update.MinimumPasswordLength ?? current.MinimumPasswordLength,
            RequireLowercaseCharacters = update.RequireLowercaseCharacters ?? current.RequireLowercaseCharacters,
            RequireUppercaseCharacters = update.RequireUppercaseCharacters ?? current.RequireUppercaseCharacters,
            RequireNumbers = update.RequireNumbers ?? current.RequireNumbers,
            RequireSymbols = update.RequireSymbols ?? current.RequireSymbols,
            HardExpire = update.HardExpire ?? current.HardExpire,
            MaxPasswordAge = update.MaxPasswordAge ?? current.MaxPasswordAge,
            PasswordReusePrevention = update.PasswordReusePrevention ?? current.PasswordReusePrevention,
            MaxLoginAttemps = update.MaxLoginAttemps ?? current.MaxLoginAttemps,
            MinimumPasswordDifferentCharacter = update.MinimumPasswordDifferentCharacter ?? current.MinimumPasswordDifferentCharacter,
            PasswordNotContainUserName = update.PasswordNotContainUserName ?? current.PasswordNotContainUserName,
            InitialPasswordAge = update.InitialPasswordAge ?? current.InitialPasswordAge,
            InterceptRiskPasswordOnApi = update.InterceptRiskPasswordOnApi ?? current.InterceptRiskPasswordOnApi,
        };
        var audit = AuditEvents.Create(ctx, _time, "SetPasswordPolicy", "Account", ctx.Actor.AccountId);
        await _store.SetAccountSettingAsync(ctx.Actor.AccountId, SettingName, JsonSerializer.Serialize(policy, Json), _time.GetUtcNow(), audit, ct);
        return policy;
    }

    /// <summary>
    /// Null when <paramref name="password"/> may become <paramref name="userName"/>'s password;
    /// otherwise <paramref name="tooWeak"/> or <paramref name="reused"/> with a message naming the rule.
    /// <paramref name="principalId"/> (a UserId) is whose history reuse is checked against; null skips it.
    /// </summary>
    public async Task<ApiError?> CheckAsync(string accountId, string? principalId, string userName, string password, ApiError tooWeak, ApiError reused, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(tooWeak);
        ArgumentNullException.ThrowIfNull(reused);
        var policy = await GetAsync(accountId, ct);
        if (BrokenRule(policy, userName, password) is { } rule)
        {
            return tooWeak.WithMessage($"{tooWeak.Message} {rule}");
        }

        if (principalId is not null && policy.PasswordReusePrevention > 0)
        {
            foreach (var old in await _store.ListPasswordHistoryAsync(principalId, policy.PasswordReusePrevention, ct))
            {
                if (PasswordHashing.Verify(old.PasswordHash, password))
                {
                    return reused.WithMessage($"{reused.Message} It must differ from the last {policy.PasswordReusePrevention} passwords.");
                }
            }
        }

        return null;
    }

    /// <summary>Remembers a password just set (its hash only) for reuse prevention and its age.</summary>
    public Task RememberAsync(string principalId, string passwordHash, bool initial, CancellationToken ct) =>
        _store.AddPasswordHistoryAsync(principalId, new PasswordHistoryEntry(passwordHash, _time.GetUtcNow(), initial), HistoryKept, ct);

    /// <summary>When the current password was set and whether an administrator set it; null when no history exists.</summary>
    public async Task<PasswordHistoryEntry?> CurrentAsync(string principalId, CancellationToken ct) =>
        (await _store.ListPasswordHistoryAsync(principalId, 1, ct)) is [var newest, ..] ? newest : null;

    /// <summary>The rules in words, for the hint under a new-password field.</summary>
    public async Task<string> DescribeAsync(string accountId, CancellationToken ct)
    {
        var policy = await GetAsync(accountId, ct);
        var parts = new List<string> { $"{Math.Max(8, policy.MinimumPasswordLength)} to 32 characters with at least three of: lowercase letters, uppercase letters, digits and symbols" };
        var required = new List<string>();
        if (policy.RequireLowercaseCharacters)
        {
            required.Add("a lowercase letter");
        }

        if (policy.RequireUppercaseCharacters)
        {
            required.Add("an uppercase letter");
        }

        if (policy.RequireNumbers)
        {
            required.Add("a digit");
        }

        if (policy.RequireSymbols)
        {
            required.Add("a symbol");
        }

        if (required.Count > 0)
        {
            parts.Add("it must contain " + string.Join(", ", required));
        }

        if (policy.MinimumPasswordDifferentCharacter > 0)
        {
            parts.Add($"at least {policy.MinimumPasswordDifferentCharacter} different characters");
        }

        if (policy.PasswordNotContainUserName)
        {
            parts.Add("not containing the user name");
        }

        if (policy.PasswordReusePrevention > 0)
        {
            parts.Add($"not one of the last {policy.PasswordReusePrevention} passwords");
        }

        return string.Join("; ", parts) + ".";
    }

    /// <summary>The first rule <paramref name="password"/> breaks, in words; null when it keeps them all.</summary>
    internal static string? BrokenRule(PasswordPolicy policy, string userName, string password)
    {
        var minimum = Math.Max(8, policy.MinimumPasswordLength);
        if (password.Length < minimum)
        {
            return $"Rule MinimumPasswordLength: it must be at least {minimum} characters long.";
        }

        if (password.Length > 32)
        {
            return "It must be at most 32 characters long.";
        }

        if (policy.RequireLowercaseCharacters && !password.Any(char.IsAsciiLetterLower))
        {
            return "Rule RequireLowercaseCharacters: it must contain a lowercase letter.";
        }

        if (policy.RequireUppercaseCharacters && !password.Any(char.IsAsciiLetterUpper))
        {
            return "Rule RequireUppercaseCharacters: it must contain an uppercase letter.";
        }

        if (policy.RequireNumbers && !password.Any(char.IsAsciiDigit))
        {
            return "Rule RequireNumbers: it must contain a digit.";
        }

        if (policy.RequireSymbols && !password.Any(IsSymbol))
        {
            return "Rule RequireSymbols: it must contain a symbol.";
        }

        if (policy.MinimumPasswordDifferentCharacter > 0 && password.Distinct().Count() < policy.MinimumPasswordDifferentCharacter)
        {
            return $"Rule MinimumPasswordDifferentCharacter: it must contain at least {policy.MinimumPasswordDifferentCharacter} different characters.";
        }

        var name = userName.Split('@')[0];
        if (policy.PasswordNotContainUserName && name.Length > 0 && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            return "Rule PasswordNotContainUserName: it must not contain the user name.";
        }

        return PasswordHashing.MeetsPolicy(password)
            ? null
            : "It must contain at least three of: lowercase letters, uppercase letters, digits and symbols.";
    }

    private static bool IsSymbol(char c) => c is > ' ' and < '\u007f' && !char.IsAsciiLetterOrDigit(c);

    private static ApiError? Validate(PasswordPolicyUpdate update) =>
        update.MinimumPasswordLength is < 8 or > 32 ? Errors.PasswordPolicy.MinimumPasswordLength
        : update.MaxPasswordAge is < 0 or > 1095 ? Errors.PasswordPolicy.MaxPasswordAge
        : update.PasswordReusePrevention is < 0 or > 24 ? Errors.PasswordPolicy.PasswordReusePrevention
        : update.MaxLoginAttemps is < 0 or > 32 ? Errors.PasswordPolicy.MaxLoginAttemps
        : update.MinimumPasswordDifferentCharacter is < 0 or > 8 ? Errors.PasswordPolicy.MinimumPasswordDifferentCharacter
        : update.InitialPasswordAge is < 0 or > 90 ? Errors.PasswordPolicy.InitialPasswordAge
        : null;
}
