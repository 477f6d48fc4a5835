using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Latchkey.Core.Results;

namespace Latchkey.Core.KeyGuard;

/// <summary>
/// One AccessKey's network policy, IMS SetAccessKeyPolicy's document (spec ram-roles-sts-mfa.md 9.1):
/// <c>{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["203.0.113.0/24"]}]}</c>.
/// Parsed once when it is set or loaded into the key cache, so the hot path only compares
/// prepared networks. VPCWhiteList rules are kept as written but never match: Latchkey has no VPC
/// source information. Beyond Alibaba, Status <c>AuditOnly</c> evaluates without refusing.
/// </summary>
public sealed class AccessKeyNetworkPolicy
{
    public const int MaxStatements = 8;
    public const int MaxIpItems = 50;
    public const string ClassicWhiteList = "ClassicWhiteList";
    public const string VpcWhiteList = "VPCWhiteList";

    private readonly IPNetwork[] _allowed;

    // IPv4 rules as (network, mask) pairs: the common source is IPv4, and matching it this way
    // parses the source without allocating (the hot path's budget is a few nanoseconds here).
    private readonly (uint Network, uint Mask)[] _allowedV4;

    private AccessKeyNetworkPolicy(string document, NetworkPolicyMode mode, IPNetwork[] allowed, IReadOnlyList<string> allowedText)
    {
        Document = document;
        Mode = mode;
        _allowed = allowed;
        AllowedNetworks = allowedText;
        _allowedV4 = [.. allowed
            .Where(n => n.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
            .Select(n => (ToUInt32(n.BaseAddress), n.PrefixLength == 0 ? 0u : uint.MaxValue << (32 - n.PrefixLength)))];
    }

    /// <summary>The document in the form GetAccessKeyPolicy returns: Version first, members in a fixed order.</summary>
    public string Document { get; }

    public NetworkPolicyMode Mode { get; }

    /// <summary>The ClassicWhiteList items, as written.</summary>
    public IReadOnlyList<string> AllowedNetworks { get; }

    /// <summary>Whether requests from <paramref name="sourceIp"/> pass the ClassicWhiteList; an unparsable source never does.</summary>
    public bool Allows(string sourceIp)
    {
        ArgumentNullException.ThrowIfNull(sourceIp);
        if (TryParseIPv4(sourceIp, out var v4))
        {
            foreach (var (network, mask) in _allowedV4)
            {
                if ((v4 & mask) == network)
                {
                    return true;
                }
            }

            return false;
        }

        // Anything else must be IPv6 (IPAddress.TryParse would also take shorthand IPv4 like "10.1").
        if (!sourceIp.Contains(':', StringComparison.Ordinal) || !IPAddress.TryParse(sourceIp, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _allowed)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A dotted quad (exactly four decimal parts of 0-255) as a number, without allocating.</summary>
    private static bool TryParseIPv4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        uint part = 0;
        int digits = 0, dots = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || ++dots > 3)
                {
                    return false;
                }

                value = (value << 8) | part;
                part = 0;
                digits = 0;
            }
            else if (c is >= '0' and <= '9' && digits < 3)
            {
                part = (part * 10) + (uint)(c - '0');
                digits++;
                if (part > 255)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        if (dots != 3 || digits == 0)
        {
            return false;
        }

        value = (value << 8) | part;
        return true;
    }

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    /// <summary>Validates and normalises a document as SetAccessKeyPolicy receives it. <c>{}</c> is refused, as Alibaba does.</summary>
    public static Result<AccessKeyNetworkPolicy> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Errors.Missing("AccessKeyPolicy");
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return Errors.KeyGuard.PolicyInvalid;
        }

        using (parsed)
        {
            return Parse(parsed.RootElement);
        }
    }

    private static Result<AccessKeyNetworkPolicy> Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Errors.KeyGuard.PolicyInvalid;
        }

        NetworkPolicyMode? mode = null;
        JsonElement? statements = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Version":
                    if (!(property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var v) && v == 1)
                        && !(property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() == "1"))
                    {
                        return Errors.KeyGuard.PolicyInvalid;
                    }

                    break;
                case "Status":
                    mode = property.Value.ValueKind == JsonValueKind.String ? ModeOf(property.Value.GetString()) : null;
                    if (mode is null)
                    {
                        return Errors.KeyGuard.PolicyInvalid;
                    }

                    break;
                case "Statements":
                    statements = property.Value;
                    break;
                default:
                    return Errors.KeyGuard.PolicyInvalid;
            }
        }

        // Statements may be [] but not null or absent; so {} is refused here.
        if (mode is null || statements is not { ValueKind: JsonValueKind.Array } list)
        {
            return Errors.KeyGuard.PolicyInvalid;
        }

        if (list.GetArrayLength() > MaxStatements)
        {
            return Errors.KeyGuard.PolicyStatementsExceeded;
        }

        var allowed = new List<IPNetwork>();
        var allowedText = new List<string>();
        var items = 0;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("Version", 1);
            writer.WriteString("Status", StatusOf(mode.Value));
            writer.WriteStartArray("Statements");
            foreach (var statement in list.EnumerateArray())
            {
                if (statement.ValueKind != JsonValueKind.Object)
                {
                    return Errors.KeyGuard.PolicyInvalid;
                }

                string? type = null;
                string? value = null;
                List<string>? ipList = null;
                foreach (var property in statement.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "Type" when property.Value.ValueKind == JsonValueKind.String:
                            type = property.Value.GetString();
                            break;
                        case "Value" when property.Value.ValueKind == JsonValueKind.String:
                            value = property.Value.GetString();
                            break;
                        case "IPList" when property.Value.ValueKind == JsonValueKind.Array:
                            ipList = [];
                            foreach (var item in property.Value.EnumerateArray())
                            {
                                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } text)
                                {
                                    return Errors.KeyGuard.PolicyInvalid;
                                }

                                ipList.Add(text.Trim());
                            }

                            break;
                        default:
                            return Errors.KeyGuard.PolicyInvalid;
                    }
                }

                // Value names the VPC of a VPC rule and nothing else.
                if (ipList is null || (type != ClassicWhiteList && type != VpcWhiteList) || (type == ClassicWhiteList && value is not null) || (type == VpcWhiteList && string.IsNullOrEmpty(value)))
                {
                    return Errors.KeyGuard.PolicyInvalid;
                }

                items += ipList.Count;
                if (items > MaxIpItems)
                {
                    return Errors.KeyGuard.PolicyIpItemsExceeded;
                }

                foreach (var text in ipList)
                {
                    if (!TryParseNetwork(text, out var network))
                    {
                        return Errors.KeyGuard.PolicyInvalid;
                    }

                    if (type == ClassicWhiteList)
                    {
                        allowed.Add(network);
                        allowedText.Add(text);
                    }
                }

                writer.WriteStartObject();
                writer.WriteString("Type", type);
                if (value is not null)
                {
                    writer.WriteString("Value", value);
                }

                writer.WriteStartArray("IPList");
                foreach (var text in ipList)
                {
                    writer.WriteStringValue(text);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return new AccessKeyNetworkPolicy(Encoding.UTF8.GetString(buffer.ToArray()), mode.Value, [.. allowed], allowedText);
    }

    /// <summary>An address (a network of one) or a CIDR block, IPv4 or IPv6, with no bits set past the prefix.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (!text.Contains('/', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(text, out var address) || !IsPlainAddress(text))
            {
                return false;
            }

            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        // IPNetwork.TryParse masks bits past the prefix; a policy item that has any is a typo, not a network.
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = text[..slash];
        return IsPlainAddress(addressText)
            && IPAddress.TryParse(addressText, out var written)
            && IPNetwork.TryParse(text, out network)
            && network.BaseAddress.Equals(written);
    }

    // IPAddress.TryParse also takes "1", "1.2" and zone ids; a policy names dotted quads and IPv6 only.
    private static bool IsPlainAddress(string text) =>
        text.Contains(':', StringComparison.Ordinal) ? !text.Contains('%', StringComparison.Ordinal) : text.Count(c => c == '.') == 3;

    private static NetworkPolicyMode? ModeOf(string? status) => status switch
    {
        "Active" => NetworkPolicyMode.Active,
        "Inactive" => NetworkPolicyMode.Inactive,
        "AuditOnly" => NetworkPolicyMode.AuditOnly,
        _ => null,
    };

    private static string StatusOf(NetworkPolicyMode mode) => mode switch
    {
        NetworkPolicyMode.Active => "Active",
        NetworkPolicyMode.AuditOnly => "AuditOnly",
        _ => "Inactive",
    };
}
