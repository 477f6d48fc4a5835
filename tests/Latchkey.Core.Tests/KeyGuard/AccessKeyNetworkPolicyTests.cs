using Latchkey.Core.KeyGuard;
using Latchkey.Core.Results;

namespace Latchkey.Core.Tests.KeyGuard;

public sealed class AccessKeyNetworkPolicyTests
{
    [Fact]
    public void Parse_AlibabasExample_NormalisesWithVersionFirst()
    {
        var parsed = AccessKeyNetworkPolicy.Parse(
            """{"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["203.0.113.1","198.51.100.0/24","2001:db8::1"]},{"Value":"vpc-bp1","Type":"VPCWhiteList","IPList":["172.16.0.0/16"]}]}""");

        Assert.True(parsed.IsSuccess, parsed.Error?.Code);
        Assert.Equal(
            """{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["203.0.113.1","198.51.100.0/24","2001:db8::1"]},{"Type":"VPCWhiteList","Value":"vpc-bp1","IPList":["172.16.0.0/16"]}]}""",
            parsed.Value.Document);
        Assert.Equal(NetworkPolicyMode.Active, parsed.Value.Mode);
        Assert.Equal(["203.0.113.1", "198.51.100.0/24", "2001:db8::1"], parsed.Value.AllowedNetworks);
    }

    [Theory]
    [InlineData("203.0.113.1", true)]
    [InlineData("203.0.113.2", false)]
    [InlineData("198.51.100.77", true)]
    [InlineData("::ffff:198.51.100.77", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db8::2", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("unknown", false)]
    public void Allows_MatchesClassicRulesOnly(string source, bool allowed)
    {
        var policy = AccessKeyNetworkPolicy.Parse(
            """{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["203.0.113.1","198.51.100.0/24","2001:db8::1"]},{"Type":"VPCWhiteList","Value":"AllowAllVPC","IPList":["172.16.0.0/16"]}]}""").Value;

        Assert.Equal(allowed, policy.Allows(source));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("not json")]
    [InlineData("""{"Version":1,"Status":"Active"}""")]
    [InlineData("""{"Version":1,"Status":"Active","Statements":null}""")]
    [InlineData("""{"Version":2,"Status":"Active","Statements":[]}""")]
    [InlineData("""{"Version":1,"Status":"On","Statements":[]}""")]
    [InlineData("""{"Version":1,"Status":"Active","Statements":[],"Extra":1}""")]
    [InlineData("""{"Version":1,"Status":"Active","Statements":[{"Type":"Other","IPList":["1.2.3.4"]}]}""")]
    [InlineData("""{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList"}]}""")]
    [InlineData("""{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","Value":"x","IPList":["1.2.3.4"]}]}""")]
    [InlineData("""{"Version":1,"Status":"Active","Statements":[{"Type":"VPCWhiteList","IPList":["1.2.3.4"]}]}""")]
    [InlineData("""{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["1.2.3"]}]}""")]
    [InlineData("""{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["198.51.100.7/24"]}]}""")]
    [InlineData("""{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["10.0.0.0/33"]}]}""")]
    [InlineData("""{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":[""]}]}""")]
    public void Parse_MalformedDocument_ReturnsPolicyInvalid(string document)
    {
        Assert.Equal(Errors.KeyGuard.PolicyInvalid, AccessKeyNetworkPolicy.Parse(document).Error);
    }

    [Fact]
    public void Parse_QuotasHold()
    {
        var nine = string.Join(',', Enumerable.Range(1, 9).Select(i => $$"""{"Type":"ClassicWhiteList","IPList":["10.0.0.{{i}}"]}"""));
        var fiftyOne = string.Join(',', Enumerable.Range(1, 51).Select(i => $"\"10.0.1.{i}\""));
        var fifty = string.Join(',', Enumerable.Range(1, 50).Select(i => $"\"10.0.1.{i}\""));

        Assert.Equal(Errors.KeyGuard.PolicyStatementsExceeded, AccessKeyNetworkPolicy.Parse($$"""{"Status":"Active","Statements":[{{nine}}]}""").Error);
        Assert.Equal(Errors.KeyGuard.PolicyIpItemsExceeded, AccessKeyNetworkPolicy.Parse($$"""{"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":[{{fiftyOne}}]}]}""").Error);
        Assert.True(AccessKeyNetworkPolicy.Parse($$"""{"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":[{{fifty}}]}]}""").IsSuccess);
    }

    [Fact]
    public void Parse_ClearingDocumentAndAuditOnly_AreAccepted()
    {
        var cleared = AccessKeyNetworkPolicy.Parse("""{"Version":1,"Status":"Inactive","Statements":[]}""");
        var audit = AccessKeyNetworkPolicy.Parse("""{"Version":"1","Status":"AuditOnly","Statements":[{"Type":"ClassicWhiteList","IPList":["10.0.0.0/8"]}]}""");

        Assert.Equal(NetworkPolicyMode.Inactive, cleared.Value.Mode);
        Assert.Equal("""{"Version":1,"Status":"Inactive","Statements":[]}""", cleared.Value.Document);
        Assert.Equal(NetworkPolicyMode.AuditOnly, audit.Value.Mode);
        Assert.Null(CachedKeyGuard.From(new AccessKeyGuard("k", cleared.Value.Document, false, null, null)));
    }

    [Fact]
    public void SuggestAllowlist_GroupsNetworksSeenTwiceAndKeepsLoneAddresses()
    {
        var suggested = AccessKeyGuardService.SuggestAllowlist(
        [
            ("198.51.100.7", 10),
            ("198.51.100.9", 5),
            ("203.0.113.4", 100),
            ("::ffff:192.0.2.1", 1),
            ("2001:db8:1:2::5", 3),
            ("2001:db8:1:2::6", 3),
            ("garbage", 50),
        ]);

        Assert.Equal(["203.0.113.4", "198.51.100.0/24", "2001:db8:1:2::/64", "192.0.2.1"], suggested);
        Assert.All(suggested, item => Assert.True(AccessKeyNetworkPolicy.TryParseNetwork(item, out _)));
    }
}
