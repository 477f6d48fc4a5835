using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Authentication;

/// <summary>
/// Rate limits failed authentications (issue 9): per source address (IPv6 by its /64, so one host
/// cannot step around the limit through its own prefix) and per AccessKeyId, each in one-minute
/// windows of <see cref="ThrottlingOptions"/>. Fixed memory (two <see cref="FailureCounter"/>s,
/// 512 KB) and no allocation for IPv4 sources; a check is two hashes and two reads.
/// </summary>
public sealed class FailedAuthenticationLimiter
{
    private readonly FailureCounter _bySource = new();
    private readonly FailureCounter _byAccessKeyId = new();
    private readonly TimeProvider _time;
    private readonly int _perSource;
    private readonly int _perAccessKeyId;

    public FailedAuthenticationLimiter(TimeProvider time, IOptions<ThrottlingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _perSource = options.Value.FailuresPerSourcePerMinute;
        _perAccessKeyId = options.Value.FailuresPerAccessKeyIdPerMinute;
    }

    /// <summary>True when the source has failed too often this minute: refuse before any work.</summary>
    public bool IsSourceThrottled(string? sourceIp) =>
        _perSource > 0 && HasAddress(sourceIp) && _bySource.Count(SourceKey(sourceIp!, stackalloc char[16]), Minute()) >= _perSource;

    /// <summary>True when requests with this AccessKeyId have failed too often this minute.</summary>
    public bool IsAccessKeyIdThrottled(string accessKeyId) =>
        _perAccessKeyId > 0 && _byAccessKeyId.Count(accessKeyId, Minute()) >= _perAccessKeyId;

    /// <summary>
    /// Counts one failed authentication against the source and, when well-formed, the AccessKeyId;
    /// returns which limit this very failure reached (null when none), so it can be logged once.
    /// </summary>
    public FailureScope? RecordFailure(string? sourceIp, string? accessKeyId)
    {
        var minute = Minute();
        FailureScope? reached = null;
        if (_perSource > 0 && HasAddress(sourceIp) && _bySource.Add(SourceKey(sourceIp!, stackalloc char[16]), minute) == _perSource)
        {
            reached = FailureScope.Source;
        }

        if (_perAccessKeyId > 0 && accessKeyId is not null && _byAccessKeyId.Add(accessKeyId, minute) == _perAccessKeyId)
        {
            reached ??= FailureScope.AccessKeyId;
        }

        return reached;
    }

    private long Minute() => _time.GetUtcNow().ToUnixTimeSeconds() / 60;

    // Without an address (a Unix socket, an in-process test host: "unknown") there is nobody to
    // attribute failures to, and counting them together would throttle every such caller at once.
    private static bool HasAddress(string? sourceIp) => !string.IsNullOrEmpty(sourceIp) && sourceIp != "unknown";

    /// <summary>An IPv4 address as given; an IPv6 address by its first 64 bits (an IPv4-mapped one as IPv4).</summary>
    private static ReadOnlySpan<char> SourceKey(string sourceIp, Span<char> buffer)
    {
        if (!sourceIp.Contains(':', StringComparison.Ordinal) || !IPAddress.TryParse(sourceIp, out var address))
        {
            return sourceIp;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return sourceIp;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return Convert.TryToHexString(bytes[..8], buffer, out var written) ? buffer[..written] : sourceIp;
    }
}
