using System.Globalization;
using System.Net;

namespace Latchkey.Core.Policies;

/// <summary>
/// The request facts conditions test: the four global keys Latchkey always supplies
/// (<c>acs:SourceIp</c>, <c>acs:CurrentTime</c>, <c>acs:SecureTransport</c>, <c>acs:MFAPresent</c>)
/// and, for resource servers, any further keys of their own. Built once per request; the engine
/// only reads it.
/// </summary>
public sealed class AuthorizationContext
{
    private static readonly IReadOnlyDictionary<string, string> NoValues = new Dictionary<string, string>();
    private string? _currentTimeText;

    public AuthorizationContext(IPAddress? sourceIp, DateTimeOffset currentTime, bool secureTransport, bool mfaPresent, IReadOnlyDictionary<string, string>? values = null)
    {
        SourceIp = sourceIp is { IsIPv4MappedToIPv6: true } ? sourceIp.MapToIPv4() : sourceIp;
        SourceIpText = SourceIp?.ToString();
        CurrentTime = currentTime;
        SecureTransport = secureTransport;
        MfaPresent = mfaPresent;
        Values = values ?? NoValues;
    }

    public IPAddress? SourceIp { get; }

    public string? SourceIpText { get; }

    public DateTimeOffset CurrentTime { get; }

    public bool SecureTransport { get; }

    public bool MfaPresent { get; }

    /// <summary>Further keys (a resource server's own), looked up case-insensitively by the caller's dictionary.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    internal string? TextOf(ConditionKey key, string name) => key switch
    {
        ConditionKey.SourceIp => SourceIpText,
        ConditionKey.CurrentTime => _currentTimeText ??= CurrentTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ConditionKey.SecureTransport => SecureTransport ? "true" : "false",
        ConditionKey.MfaPresent => MfaPresent ? "true" : "false",
        _ => Values.TryGetValue(name, out var value) ? value : null,
    };

    /// <summary>The context keys and values a diagnostic message reports.</summary>
    public IEnumerable<KeyValuePair<string, string>> Describe()
    {
        if (SourceIpText is not null)
        {
            yield return new("acs:SourceIp", SourceIpText);
        }

        yield return new("acs:CurrentTime", TextOf(ConditionKey.CurrentTime, "")!);
        yield return new("acs:SecureTransport", SecureTransport ? "true" : "false");
        yield return new("acs:MFAPresent", MfaPresent ? "true" : "false");
        foreach (var pair in Values)
        {
            yield return pair;
        }
    }
}
