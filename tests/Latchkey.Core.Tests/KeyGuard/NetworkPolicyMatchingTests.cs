using Latchkey.Core.KeyGuard;

namespace Latchkey.Core.Tests.KeyGuard;

/// <summary>The matching itself: the allocation-free IPv4 path and the IPNetwork path agree at the edges.</summary>
public sealed class NetworkPolicyMatchingTests
{
    [Theory]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.128/25", "192.168.1.200", true)]
    [InlineData("192.168.1.128/25", "192.168.1.100", false)]
    [InlineData("192.168.1.128/25", "::ffff:192.168.1.200", true)]
    [InlineData("203.0.113.9", "203.0.113.9", true)]
    [InlineData("203.0.113.9", "203.0.113.90", false)]
    [InlineData("::/0", "2001:db8::9", true)]
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("10.0.0.0/8", "10.0.0.256", false)]
    [InlineData("10.0.0.0/8", "10.0.0", false)]
    [InlineData("10.0.0.0/8", "10..0.0", false)]
    [InlineData("10.0.0.0/8", "10.0.0.1.1", false)]
    [InlineData("10.0.0.0/8", "10.0.0.1 ", false)]
    [InlineData("10.0.0.0/8", "", false)]
    public void Allows_PrefixEdges(string network, string source, bool allowed)
    {
        var document = "{\"Status\":\"Active\",\"Statements\":[{\"Type\":\"ClassicWhiteList\",\"IPList\":[\"" + network + "\"]}]}";
        var policy = AccessKeyNetworkPolicy.Parse(document).Value;

        Assert.Equal(allowed, policy.Allows(source));
    }
}
