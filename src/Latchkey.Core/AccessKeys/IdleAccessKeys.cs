using System.Globalization;
using Latchkey.Core.Audit;
using Latchkey.Core.Diagnostics;
using Latchkey.Core.Logons;
using Latchkey.Core.Users;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.AccessKeys;

/// <summary>
/// MaxIdleDaysForAccessKeys (IMS security preference, 90/180/365/730): a RAM user's Active key
/// unused for that many days is disabled by a daily run, after a warning period
/// (AccessKeyLifecycle:IdleWarningDays). A key is idle since its last use, else since its last
/// status change or creation (UpdateDate), so a key someone enables again starts afresh. It is
/// warned once it has been idle MaxIdleDays minus the warning days, and disabled once it has
/// been idle MaxIdleDays and its warning is at least the warning days old: no key is disabled
/// without a warning, even when the limit is lowered. The account's own keys are never disabled
/// (spec ram-roles-sts-mfa.md §7.3).
/// </summary>
public sealed class IdleAccessKeys
{
    private readonly IAccessKeyStore _keys;
    private readonly IIdleAccessKeyStore _idle;
    private readonly IRamUserStore _users;
    private readonly SecurityPreferenceService _preferences;
    private readonly IAccessKeyChangeFeed _changes;
    private readonly TimeProvider _time;
    private readonly AccessKeyLifecycleOptions _options;
    private readonly IMetricsSink? _metrics;

    public IdleAccessKeys(
        IAccessKeyStore keys,
        IIdleAccessKeyStore idle,
        IRamUserStore users,
        SecurityPreferenceService preferences,
        IAccessKeyChangeFeed changes,
        TimeProvider time,
        IOptions<AccessKeyLifecycleOptions> options,
        IMetricsSink? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = keys;
        _idle = idle;
        _users = users;
        _preferences = preferences;
        _changes = changes;
        _time = time;
        _options = options.Value;
        _metrics = metrics;
    }

    /// <summary>The dry run for one account: every Active RAM-user key, what the next run does to it and why. Changes nothing.</summary>
    public async Task<IReadOnlyList<IdleAccessKeyReportEntry>> ReportAsync(string accountId, CancellationToken ct)
    {
        var keys = await _idle.ListAccountAccessKeysAsync(accountId, ct);
        var warnings = (await _idle.ListIdleAccessKeyWarningsAsync(accountId, ct)).ToDictionary(w => w.AccessKeyId, StringComparer.Ordinal);
        return await EvaluateAsync(accountId, keys, warnings, ct);
    }

    /// <summary>The dry run for every account (the CLI's <c>idle-keys</c>). Changes nothing.</summary>
    public async Task<IReadOnlyList<IdleAccessKeyReportEntry>> ReportAllAsync(CancellationToken ct)
    {
        var report = new List<IdleAccessKeyReportEntry>();
        foreach (var (accountId, keys) in await ListLiveKeysByAccountAsync(ct))
        {
            var warnings = (await _idle.ListIdleAccessKeyWarningsAsync(accountId, ct)).ToDictionary(w => w.AccessKeyId, StringComparer.Ordinal);
            report.AddRange(await EvaluateAsync(accountId, keys, warnings, ct));
        }

        return report;
    }

    /// <summary>The daily run: warns the keys entering their warning period and disables those whose time is up.</summary>
    public async Task<(int Warned, int Disabled)> RunAsync(CancellationToken ct)
    {
        var warned = 0;
        var disabled = 0;
        foreach (var entry in await ReportAllAsync(ct))
        {
            switch (entry.Action)
            {
                case IdleAccessKeyAction.Warn:
                    var warning = new IdleAccessKeyWarning(entry.AccessKeyId, entry.AccountId, entry.IdleSince, _time.GetUtcNow());
                    var warnAudit = SystemAudit(entry, "WarnIdleAccessKey", $"IdleDays={entry.IdleDays};MaxIdleDays={entry.MaxIdleDays};DisableOn={Format(entry.DisableOn)}");
                    if (await _idle.RecordIdleAccessKeyWarningAsync(warning, warnAudit, ct))
                    {
                        _metrics?.AccessKeyLifecycle("idle_warned");
                        warned++;
                    }

                    break;
                case IdleAccessKeyAction.Disable:
                    var disableAudit = SystemAudit(entry, "DisableIdleAccessKey", $"Status=Inactive;IdleDays={entry.IdleDays};MaxIdleDays={entry.MaxIdleDays};WarnedAt={Format(entry.WarnedAt!.Value)}");
                    if ((await _keys.UpdateAccessKeyStatusAsync(entry.AccessKeyId, AccessKeyStatus.Inactive, _time.GetUtcNow(), disableAudit, ct)).IsSuccess)
                    {
                        await _changes.PublishAsync(entry.AccessKeyId, ct);
                        _metrics?.AccessKeyLifecycle("idle_disabled");
                        disabled++;
                    }

                    break;
            }
        }

        return (warned, disabled);
    }

    internal static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private AuditEvent SystemAudit(IdleAccessKeyReportEntry entry, string eventName, string details) =>
        AuditEvents.Create(entry.AccountId, AccessKeyRecycleBin.SystemActor, null, "", "", _time, eventName, "AccessKey", entry.AccessKeyId, details);

    private async Task<IReadOnlyList<(string AccountId, List<AccessKey> Keys)>> ListLiveKeysByAccountAsync(CancellationToken ct)
    {
        var byAccount = new Dictionary<string, List<AccessKey>>(StringComparer.Ordinal);
        await foreach (var stored in _keys.ListAllAccessKeysAsync(ct))
        {
            var key = stored.Key;
            if (key.IsRecycled || key.UserId is null || key.Status != AccessKeyStatus.Active)
            {
                continue;
            }

            if (!byAccount.TryGetValue(key.AccountId, out var list))
            {
                byAccount[key.AccountId] = list = [];
            }

            list.Add(key);
        }

        return [.. byAccount.Select(pair => (pair.Key, pair.Value))];
    }

    private async Task<IReadOnlyList<IdleAccessKeyReportEntry>> EvaluateAsync(
        string accountId, IReadOnlyList<AccessKey> keys, Dictionary<string, IdleAccessKeyWarning> warnings, CancellationToken ct)
    {
        var preference = await _preferences.GetAsync(accountId, ct);
        if (!preference.IsSuccess)
        {
            return [];
        }

        var maxIdleDays = preference.Value.MaxIdleDaysForAccessKeys;
        var warningPeriod = TimeSpan.FromDays(_options.IdleWarningDays);
        var now = _time.GetUtcNow();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var report = new List<IdleAccessKeyReportEntry>();
        foreach (var key in keys)
        {
            if (key.UserId is not { } userId || key.Status != AccessKeyStatus.Active || key.IsRecycled)
            {
                continue;
            }

            if (!names.TryGetValue(userId, out var userName))
            {
                names[userId] = userName = (await _users.FindUserByIdAsync(accountId, userId, ct))?.UserName ?? userId;
            }

            var idleSince = key.LastUse is { } use && use.Time > key.UpdateDate ? use.Time : key.UpdateDate;
            var idle = now - idleSince;
            var limitReached = idleSince.AddDays(maxIdleDays);
            var warning = warnings.TryGetValue(key.AccessKeyId, out var w) && w.IdleSince == idleSince ? w : null;
            var disableOn = warning is null
                ? Max(limitReached, (now > limitReached.Add(-warningPeriod) ? now : limitReached.Add(-warningPeriod)).Add(warningPeriod))
                : Max(limitReached, warning.WarnedAt.Add(warningPeriod));
            IdleAccessKeyAction action;
            if (warning is not null)
            {
                action = now >= limitReached && now >= warning.WarnedAt.Add(warningPeriod) ? IdleAccessKeyAction.Disable : IdleAccessKeyAction.Warned;
            }
            else
            {
                action = now >= limitReached.Add(-warningPeriod) ? IdleAccessKeyAction.Warn : IdleAccessKeyAction.None;
            }

            var since = key.LastUse is null ? $"never used; idle since {Format(idleSince)}" : $"last used {Format(idleSince)}";
            var reason = action switch
            {
                IdleAccessKeyAction.None => $"{since} ({idle.Days} days of {maxIdleDays})",
                IdleAccessKeyAction.Warn => $"{since} ({idle.Days} days of {maxIdleDays}): warned now, disabled on {Format(disableOn)} unless used before",
                IdleAccessKeyAction.Warned => $"{since} ({idle.Days} days of {maxIdleDays}): warned {Format(warning!.WarnedAt)}, disabled on {Format(disableOn)} unless used before",
                _ => $"{since} ({idle.Days} days of {maxIdleDays}): warned {Format(warning!.WarnedAt)}, disabled now",
            };
            report.Add(new IdleAccessKeyReportEntry(
                key.AccessKeyId, accountId, userId, userName, key.LastUse?.Time, idleSince, idle.Days, maxIdleDays, warning?.WarnedAt, disableOn, action, reason));
        }

        return report;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
