using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Authentication;
using Latchkey.Core.Diagnostics;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using Microsoft.Extensions.Logging;

namespace Latchkey.Core.KeyGuard;

/// <summary>
/// Keys that look after themselves: per-key network policies (IMS Set/GetAccessKeyPolicy), canary
/// keys, leak reports and the usage picture. Every change goes through the store with its audit
/// event and a change-log row, then the change feed, so every node's cache drops the key at once.
/// </summary>
public sealed class AccessKeyGuardService
{
    /// <summary>Days the usage picture covers.</summary>
    public const int UsageDays = 30;

    /// <summary>Distinct source networks (IPv4 /24, IPv6 /64) in 30 days past which a key gets a risk note.</summary>
    public const int ManyNetworks = 5;

    /// <summary>Days without use past which a key gets a risk note.</summary>
    public const int UnusedDays = 30;

    private readonly IAccessKeyStore _store;
    private readonly IAccessKeyGuardStore _guards;
    private readonly IAccessKeyUsageStore _usage;
    private readonly AccessKeyService _keys;
    private readonly ISecretProtector _protector;
    private readonly IAccessKeyChangeFeed _changes;
    private readonly TimeProvider _time;
    private readonly ILogger<AccessKeyGuardService> _logger;
    private readonly IMetricsSink? _metrics;

    public AccessKeyGuardService(
        IAccessKeyStore store,
        IAccessKeyGuardStore guards,
        IAccessKeyUsageStore usage,
        AccessKeyService keys,
        ISecretProtector protector,
        IAccessKeyChangeFeed changes,
        TimeProvider time,
        ILogger<AccessKeyGuardService> logger,
        IMetricsSink? metrics = null)
    {
        _store = store;
        _guards = guards;
        _usage = usage;
        _keys = keys;
        _protector = protector;
        _changes = changes;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>SetAccessKeyPolicy: validates, stores the normalised document and returns it.</summary>
    public async Task<Result<string>> SetNetworkPolicyAsync(AuditContext ctx, string? userName, string? accessKeyId, string? document, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var key = await _keys.GetAsync(ctx.Actor, userName, accessKeyId, ct);
        if (!key.IsSuccess)
        {
            return key.Error;
        }

        var policy = AccessKeyNetworkPolicy.Parse(document);
        if (!policy.IsSuccess)
        {
            return policy.Error;
        }

        var id = key.Value.AccessKeyId;
        var audit = AuditEvents.Create(ctx, _time, "SetAccessKeyPolicy", "AccessKey", id, $"Status={StatusOf(policy.Value.Mode)};Networks={string.Join(',', policy.Value.AllowedNetworks)}");
        var stored = await _guards.SetAccessKeyNetworkPolicyAsync(id, policy.Value.Document, audit, ct);
        if (!stored.IsSuccess)
        {
            return stored.Error;
        }

        await _changes.PublishAsync(id, ct);
        return policy.Value.Document;
    }

    /// <summary>GetAccessKeyPolicy: the stored document, or <c>{}</c> for a key that never had one (as Alibaba answers).</summary>
    public async Task<Result<string>> GetNetworkPolicyAsync(Principal caller, string? userName, string? accessKeyId, CancellationToken ct)
    {
        var key = await _keys.GetAsync(caller, userName, accessKeyId, ct);
        if (!key.IsSuccess)
        {
            return key.Error;
        }

        var guard = await _guards.FindAccessKeyGuardAsync(key.Value.AccessKeyId, ct);
        return guard?.NetworkPolicy ?? "{}";
    }

    /// <summary>The guards of keys the caller already listed (console).</summary>
    public Task<AccessKeyGuard?> FindGuardAsync(string accessKeyId, CancellationToken ct) => _guards.FindAccessKeyGuardAsync(accessKeyId, ct);

    /// <summary>
    /// Creates a canary: an ordinary-looking key (same id format, shown once) that every request
    /// signed with it is refused for, and whose first use raises an alert.
    /// </summary>
    public async Task<Result<CreatedAccessKey>> CreateCanaryAsync(AuditContext ctx, string? userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var created = await _keys.CreateAsync(ctx, userName, ct);
        if (!created.IsSuccess)
        {
            return created.Error;
        }

        // Nobody knows the new secret before this returns, so the moment between the two writes is harmless.
        var id = created.Value.Key.AccessKeyId;
        var marked = await _guards.MarkAccessKeyCanaryAsync(id, AuditEvents.Create(ctx, _time, "CreateCanaryAccessKey", "AccessKey", id), ct);
        if (!marked.IsSuccess)
        {
            await _keys.DeleteAsync(ctx, userName, id, ct);
            return marked.Error;
        }

        await _changes.PublishAsync(id, ct);
        return created.Value;
    }

    /// <summary>
    /// A canary key just signed a valid request. The first time (across every node, decided by
    /// the store) it raises the alert: an audit event, a metric and a Warning log line.
    /// </summary>
    public async ValueTask CanaryUsedAsync(CachedAccessKey key, string sourceIp, string requestId, string action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        var id = key.Key.AccessKeyId;
        if (key.Guard is not { } guard || !guard.TryClaimCanaryAlert())
        {
            Log.CanaryUsedAgain(_logger, id, requestId, sourceIp);
            return;
        }

        try
        {
            var audit = AuditEvents.Create(key.Key.AccountId, key.Principal.PrincipalId, id, sourceIp, requestId, _time, "CanaryAccessKeyUsed", "AccessKey", id, $"Action={action}");
            if (await _guards.TripAccessKeyCanaryAsync(id, audit, ct))
            {
                _metrics?.CanaryTripped();
                Log.CanaryTripped(_logger, id, requestId, action, sourceIp);
                await _changes.PublishAsync(id, ct);
            }
            else
            {
                Log.CanaryUsedAgain(_logger, id, requestId, sourceIp);
            }
        }
#pragma warning disable CA1031 // The request is refused either way; a store outage must not turn the refusal into a 500.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.CanaryRecordFailed(_logger, id, ex);
        }
    }

    /// <summary>
    /// A report that <paramref name="token"/> (an AccessKeyId or an AccessKeySecret) was found in
    /// public: applies <paramref name="action"/> to the key at once and records the report. Null
    /// when the token names no key of this service (false positive).
    /// </summary>
    public async Task<Result<LeakReport?>> ReportLeakAsync(string token, string source, string url, LeakAction action, string sourceIp, string requestId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(token);
        var stored = await FindLeakedKeyAsync(token.Trim(), ct);
        if (stored is null)
        {
            _metrics?.LeakReported("unknown-key");
            Log.LeakReportUnknownKey(_logger, source);
            return (LeakReport?)null;
        }

        var key = stored.Key;
        var now = _time.GetUtcNow();
        var report = new LeakReport(Guid.CreateVersion7(now).ToString("N"), key.AccessKeyId, key.AccountId, now, source, url, action);
        var audit = AuditEvents.Create(key.AccountId, "leak-report:" + source, null, sourceIp, requestId, _time, "ReportAccessKeyLeak", "AccessKey", key.AccessKeyId, $"Action={action};Url={url}");
        var recorded = await _guards.RecordLeakReportAsync(report, audit, ct);
        if (!recorded.IsSuccess)
        {
            return recorded.Error;
        }

        await _changes.PublishAsync(key.AccessKeyId, ct);
        _metrics?.LeakReported(action == LeakAction.Disable ? "disable" : "restrict");
        Log.LeakReported(_logger, source, key.AccessKeyId, action);
        return report;
    }

    public Task<IReadOnlyList<LeakReport>> ListLeakReportsAsync(string accountId, CancellationToken ct) => _guards.ListLeakReportsAsync(accountId, ct);

    /// <summary>
    /// The usage picture of <paramref name="key"/>: 30 days of counters, risk notes (given the
    /// owner's keys, <paramref name="ownerKeys"/>) and an allowlist learned from its sources.
    /// </summary>
    public async Task<KeyUsagePicture> GetUsageAsync(AccessKey key, IReadOnlyList<AccessKey> ownerKeys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(ownerKeys);
        var now = _time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = today.AddDays(1 - UsageDays);
        var since = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var hours = await _usage.ReadAccessKeyUsageAsync(key.AccessKeyId, since, ct);
        var sources = await _usage.ReadAccessKeyUsageSourcesAsync(key.AccessKeyId, since, ct);

        var days = new KeyUsageDay[UsageDays];
        for (var i = 0; i < UsageDays; i++)
        {
            var day = first.AddDays(i);
            long calls = 0, refusals = 0, outside = 0;
            foreach (var hour in hours)
            {
                if (DateOnly.FromDateTime(hour.Hour.UtcDateTime) == day)
                {
                    calls += hour.Calls;
                    refusals += hour.Refusals;
                    outside += hour.OutsidePolicy;
                }
            }

            days[i] = new KeyUsageDay(day, calls, refusals, outside, sources.Count(s => DateOnly.FromDateTime(s.Day.UtcDateTime) == day));
        }

        var addresses = sources.GroupBy(s => s.SourceIp, StringComparer.Ordinal)
            .Select(g => (Ip: g.Key, Calls: g.Sum(s => s.Calls), Outside: g.Sum(s => s.OutsidePolicy)))
            .ToList();
        var networks = addresses.Select(a => NetworkOf(a.Ip)).Distinct(StringComparer.Ordinal).Count();
        var notes = RiskNotes(key, ownerKeys, now, networks);
        return new KeyUsagePicture(
            days,
            notes,
            SuggestAllowlist(addresses.Where(a => a.Calls > 0).Select(a => (a.Ip, a.Calls))),
            addresses.Where(a => a.Outside > 0).OrderByDescending(a => a.Outside).Select(a => a.Ip).ToList(),
            networks);
    }

    /// <summary>
    /// An allowlist covering the observed addresses: an address alone, or its /24 (IPv4) or /64
    /// (IPv6) once two addresses of that network were seen; busiest first, at most 50 items.
    /// </summary>
    public static IReadOnlyList<string> SuggestAllowlist(IEnumerable<(string Ip, long Calls)> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var byNetwork = new Dictionary<string, (HashSet<string> Ips, long Calls)>(StringComparer.Ordinal);
        foreach (var (ip, calls) in observed)
        {
            if (!IPAddress.TryParse(ip, out var address))
            {
                continue;
            }

            var network = NetworkOf(ip);
            if (!byNetwork.TryGetValue(network, out var entry))
            {
                entry = (new HashSet<string>(StringComparer.Ordinal), 0);
            }

            entry.Ips.Add(Normalise(address).ToString());
            byNetwork[network] = (entry.Ips, entry.Calls + calls);
        }

        return byNetwork
            .OrderByDescending(n => n.Value.Calls)
            .ThenBy(n => n.Key, StringComparer.Ordinal)
            .SelectMany(n => n.Value.Ips.Count > 1 ? [n.Key] : n.Value.Ips.ToArray())
            .Take(AccessKeyNetworkPolicy.MaxIpItems)
            .ToList();
    }

    private static List<string> RiskNotes(AccessKey key, IReadOnlyList<AccessKey> ownerKeys, DateTimeOffset now, int networks)
    {
        var notes = new List<string>();
        if (key.LastUse is null)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Never used (created {(int)(now - key.CreateDate).TotalDays} days ago)"));
        }
        else if ((now - key.LastUse.Time).TotalDays >= UnusedDays)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Unused for {(int)(now - key.LastUse.Time).TotalDays} days"));
        }

        if (key.Status == AccessKeyStatus.Active && ownerKeys.Count(k => k.Status == AccessKeyStatus.Active) >= 2)
        {
            notes.Add("Two keys enabled: finish the rotation and disable the old one");
        }

        if (networks > ManyNetworks)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Many source networks ({networks} in {UsageDays} days)"));
        }

        return notes;
    }

    /// <summary>The /24 (IPv4) or /64 (IPv6) network of an address, as CIDR text.</summary>
    public static string NetworkOf(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address))
        {
            return ip;
        }

        address = Normalise(address);
        var bytes = address.GetAddressBytes();
        var prefix = address.AddressFamily == AddressFamily.InterNetwork ? 24 : 64;
        for (var i = prefix / 8; i < bytes.Length; i++)
        {
            bytes[i] = 0;
        }

        return $"{new IPAddress(bytes)}/{prefix.ToString(CultureInfo.InvariantCulture)}";
    }

    private static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static string StatusOf(NetworkPolicyMode mode) => mode switch
    {
        NetworkPolicyMode.Active => "Active",
        NetworkPolicyMode.AuditOnly => "AuditOnly",
        _ => "Inactive",
    };

    /// <summary>
    /// The key a leaked token names: by AccessKeyId, or, for a secret, by comparing it with every
    /// key's secret (leak reports are rare; the comparison is constant-time per key).
    /// </summary>
    private async Task<StoredAccessKey?> FindLeakedKeyAsync(string token, CancellationToken ct)
    {
        if (AccessKeyIdFormat.IsWellFormed(token))
        {
            return await _store.FindAccessKeyAsync(token, ct);
        }

        var wanted = Encoding.UTF8.GetBytes(token);
        await foreach (var stored in _store.ListAllAccessKeysAsync(ct))
        {
            var secret = _protector.Unprotect(SecretOwner.Of(stored.Key), stored.Secret);
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret.Reveal()), wanted))
            {
                return stored;
            }
        }

        return null;
    }
}
