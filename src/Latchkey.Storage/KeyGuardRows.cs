using System.Data.Common;
using Latchkey.Core.KeyGuard;

namespace Latchkey.Storage;

/// <summary>Row mappers of the key guard tables (schema 0090), the same column order on both databases.</summary>
public static class KeyGuardRows
{
    public const string GuardColumns = "access_key_id, network_policy, canary, canary_tripped_at, restricted_at";
    public const string ReportColumns = "report_id, access_key_id, account_id, reported_at, source, url, action";

    public static AccessKeyGuard Guard(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new AccessKeyGuard(
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetBoolean(2),
            reader.IsDBNull(3) ? null : Ticks.To(reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : Ticks.To(reader.GetInt64(4)));
    }

    public static LeakReport Report(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new LeakReport(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            Ticks.To(reader.GetInt64(3)),
            reader.GetString(4),
            reader.GetString(5),
            Enum.Parse<LeakAction>(reader.GetString(6)));
    }

    /// <summary>access_key_id, hour, calls, refusals, outside_policy.</summary>
    public static AccessKeyUsageHour Hour(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new AccessKeyUsageHour(reader.GetString(0), Ticks.To(reader.GetInt64(1)), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>access_key_id, day, source_ip, calls, outside_policy.</summary>
    public static AccessKeyUsageSource Source(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new AccessKeyUsageSource(reader.GetString(0), Ticks.To(reader.GetInt64(1)), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>Hours in (AccessKeyId, hour) order and sources in (AccessKeyId, day, address) order: a stable lock order for concurrent batches.</summary>
    public static (List<AccessKeyUsageHour> Hours, List<AccessKeyUsageSource> Sources) Ordered(IReadOnlyCollection<AccessKeyUsageHour> hours, IReadOnlyCollection<AccessKeyUsageSource> sources)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(sources);
        return (
            [.. hours.OrderBy(h => h.AccessKeyId, StringComparer.Ordinal).ThenBy(h => h.Hour)],
            [.. sources.OrderBy(s => s.AccessKeyId, StringComparer.Ordinal).ThenBy(s => s.Day).ThenBy(s => s.SourceIp, StringComparer.Ordinal)]);
    }
}
