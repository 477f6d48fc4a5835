using System.Globalization;
using System.Text;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Results;
using Latchkey.Core.Users;

namespace Latchkey.Core.Reports;

/// <summary>
/// IMS's credential report: one CSV row per identity (the account as <c>&lt;root&gt;</c>, then
/// each RAM user by principal name) with its creation, console password and MFA state, and each
/// live AccessKey's status, creation (age), last use and the service it was last used for.
/// Columns and values as Alibaba's report (spec ram-roles-sts-mfa.md §9.3): TRUE/FALSE, N/A when
/// not applicable, <c>-</c> for never, times as yyyy-MM-ddTHH:mm:ssZ; Latchkey appends
/// <c>access_key_N_last_used_service</c> columns after Alibaba's. A report is reused for 4 hours.
/// </summary>
public sealed class CredentialReports
{
    public const int MaxItemsLimit = 3501;

    /// <summary>A newer report than this is handed out again instead of building another (Alibaba: 4 hours).</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromHours(4);

    private const string Root = "<root>";
    private const string NotApplicable = "N/A";
    private const string Never = "-";
    private const int UserPage = 1000;

    private readonly ICredentialReportStore _reports;
    private readonly IAccountStore _accounts;
    private readonly IRamUserStore _users;
    private readonly IIdleAccessKeyStore _keys;
    private readonly IMfaDeviceStore _mfa;
    private readonly PasswordPolicyService _passwords;
    private readonly RamUserService _names;
    private readonly TimeProvider _time;

    public CredentialReports(
        ICredentialReportStore reports,
        IAccountStore accounts,
        IRamUserStore users,
        IIdleAccessKeyStore keys,
        IMfaDeviceStore mfa,
        PasswordPolicyService passwords,
        RamUserService names,
        TimeProvider time)
    {
        _reports = reports;
        _accounts = accounts;
        _users = users;
        _keys = keys;
        _mfa = mfa;
        _passwords = passwords;
        _names = names;
        _time = time;
    }

    /// <summary>GenerateCredentialReport: builds the caller's account report unless one newer than 4 hours exists; the state is COMPLETED (built at once).</summary>
    public async Task<Result<string>> GenerateAsync(AuditContext ctx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var accountId = ctx.Actor.AccountId;
        var now = _time.GetUtcNow();
        if (await _reports.FindCredentialReportAsync(accountId, ct) is { } recent && now - recent.GeneratedTime < ReuseFor)
        {
            return "COMPLETED";
        }

        var csv = await BuildCsvAsync(accountId, ct);
        if (!csv.IsSuccess)
        {
            return csv.Error;
        }

        var audit = AuditEvents.Create(ctx, _time, "GenerateCredentialReport", "CredentialReport", accountId);
        await _reports.SaveCredentialReportAsync(new CredentialReport(accountId, now, csv.Value), audit, ct);
        return "COMPLETED";
    }

    /// <summary>
    /// GetCredentialReport: the header and up to <paramref name="maxItems"/> rows from where
    /// <paramref name="nextToken"/> points (the header repeats on every page).
    /// EntityNotExist.CredentialReport before any report was generated.
    /// </summary>
    public async Task<Result<CredentialReportPage>> GetAsync(string accountId, string? maxItems, string? nextToken, CancellationToken ct)
    {
        var size = MaxItemsLimit;
        if (maxItems is not null && (!int.TryParse(maxItems, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxItemsLimit))
        {
            return Errors.Request.InvalidParameter.WithMessage($"The parameter - \"MaxItems\" must be between 1 and {MaxItemsLimit}.");
        }

        if (await _reports.FindCredentialReportAsync(accountId, ct) is not { } report)
        {
            return Errors.CredentialReport.NotFound;
        }

        var lines = report.Csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var start = 0;
        if (nextToken is not null && !TryReadToken(nextToken, report.GeneratedTime, out start, lines.Length))
        {
            return Errors.Request.InvalidParameter.WithMessage("The parameter - \"NextToken\" is not valid for the current report.");
        }

        var rows = lines.Skip(1).Skip(start).Take(size).ToList();
        var end = start + rows.Count;
        var truncated = end < lines.Length - 1;
        var page = new StringBuilder().Append(lines[0]).Append('\n');
        foreach (var row in rows)
        {
            page.Append(row).Append('\n');
        }

        return new CredentialReportPage(page.ToString(), report.GeneratedTime, truncated, truncated ? WriteToken(report.GeneratedTime, end) : null);
    }

    private static string WriteToken(DateTimeOffset generated, int offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{generated.UtcTicks}:{offset}")));

    private static bool TryReadToken(string token, DateTimeOffset generated, out int offset, int lines)
    {
        offset = 0;
        try
        {
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(token)).Split(':');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks == generated.UtcTicks
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out offset) && offset < lines;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private async Task<Result<string>> BuildCsvAsync(string accountId, CancellationToken ct)
    {
        if (await _accounts.FindAccountAsync(accountId, ct) is not { } account)
        {
            return Errors.Account.NotFound;
        }

        var keysByOwner = (await _keys.ListAccountAccessKeysAsync(accountId, ct)).ToLookup(k => k.UserId ?? "");
        var bound = (await _mfa.ListMfaDevicesAsync(accountId, ct))
            .Where(d => d.PrincipalId is not null && d.ActivateDate is not null)
            .Select(d => d.PrincipalId!)
            .ToHashSet(StringComparer.Ordinal);
        var policy = await _passwords.GetAsync(accountId, ct);
        var users = new List<RamUser>();
        string? marker = null;
        do
        {
            var page = await _users.ListUsersAsync(accountId, marker, UserPage, ct);
            if (!page.IsSuccess)
            {
                return page.Error;
            }

            users.AddRange(page.Value.Items);
            marker = page.Value.IsTruncated ? page.Value.Marker : null;
        }
        while (marker is not null);

        var keySlots = Math.Max(2, keysByOwner.Select(g => g.Count()).DefaultIfEmpty(0).Max());
        var csv = new StringBuilder();
        csv.Append(Header(keySlots)).Append('\n');

        // The account: its password always exists; most password columns do not apply.
        var rootRow = new List<string> { Root, Time(account.CreateDate), NotApplicable, "TRUE", NotApplicable, NotApplicable, NotApplicable, Bool(bound.Contains(accountId)) };
        csv.Append(Row(rootRow, keysByOwner[""].ToList(), keySlots)).Append('\n');

        foreach (var user in users.OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase))
        {
            var profile = await _users.FindLoginProfileAsync(user.UserId, ct);
            var cells = new List<string>
            {
                _names.PrincipalNameOf(account, user),
                Time(user.CreateDate),
                user.LastLoginDate is { } logon ? Time(logon) : Never,
            };
            if (profile is null)
            {
                cells.AddRange(["FALSE", NotApplicable, NotApplicable, NotApplicable]);
            }
            else
            {
                var set = (await _passwords.CurrentAsync(user.UserId, ct))?.SetDate ?? profile.UpdateDate;
                cells.AddRange(["TRUE", "TRUE", Time(set), policy.MaxPasswordAge > 0 ? Time(set.AddDays(policy.MaxPasswordAge)) : Never]);
            }

            cells.Add(Bool(bound.Contains(user.UserId)));
            csv.Append(Row(cells, keysByOwner[user.UserId].ToList(), keySlots)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Header(int keySlots)
    {
        var columns = new List<string>
        {
            "user", "user_creation_time", "user_last_logon", "password_exist", "password_active", "password_last_changed", "password_next_rotation", "mfa_active",
        };
        for (var slot = 1; slot <= keySlots; slot++)
        {
            var prefix = KeyPrefix(slot);
            columns.AddRange([$"{prefix}_exist", $"{prefix}_active", $"{prefix}_last_rotated", $"{prefix}_last_used"]);
        }

        for (var slot = 1; slot <= keySlots; slot++)
        {
            columns.Add($"{KeyPrefix(slot)}_last_used_service");
        }

        return string.Join(',', columns);
    }

    private static string KeyPrefix(int slot) => slot <= 2 ? $"access_key_{slot}" : $"additional_access_key_{slot}";

    private static string Row(List<string> cells, List<AccessKey> keys, int keySlots)
    {
        var ordered = keys.OrderBy(k => k.CreateDate).ThenBy(k => k.AccessKeyId, StringComparer.Ordinal).ToList();
        for (var slot = 0; slot < keySlots; slot++)
        {
            if (slot < ordered.Count)
            {
                var key = ordered[slot];
                cells.AddRange(["TRUE", Bool(key.Status == AccessKeyStatus.Active), Time(key.CreateDate), key.LastUse is { } use ? Time(use.Time) : Never]);
            }
            else
            {
                cells.AddRange(["FALSE", NotApplicable, NotApplicable, NotApplicable]);
            }
        }

        for (var slot = 0; slot < keySlots; slot++)
        {
            cells.Add(slot < ordered.Count ? ordered[slot].LastUse?.ServiceName ?? Never : NotApplicable);
        }

        return string.Join(',', cells.Select(Escape));
    }

    private static string Bool(bool value) => value ? "TRUE" : "FALSE";

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting; a principal name or service never needs it today, but a field with a comma must stay one field.</summary>
    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
