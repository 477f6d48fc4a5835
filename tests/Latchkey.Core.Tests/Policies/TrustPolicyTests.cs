using System.Net;
using Latchkey.Core.Policies;

namespace Latchkey.Core.Tests.Policies;

/// <summary>Trust policies (AssumeRolePolicyDocument) compiled and evaluated by the one engine.</summary>
public sealed class TrustPolicyTests
{
    private static readonly AuthorizationContext Context = new(IPAddress.Loopback, DateTimeOffset.UnixEpoch, false, false);

    private static TrustPolicy Compile(string document)
    {
        var compiled = PolicyDocument.CompileTrust(document, "AssumeRolePolicyDocument", Results.Errors.Role.DocumentLength);
        Assert.True(compiled.IsSuccess, compiled.IsSuccess ? "" : compiled.Error.Message);
        return compiled.Value;
    }

    [Theory]
    [InlineData("acs:ram::111:root", "acs:ram::111:user/alice", PolicyDecision.Allow)]
    [InlineData("111", "acs:ram::111:user/alice", PolicyDecision.Allow)]
    [InlineData("acs:ram::111:user/Alice", "acs:ram::111:user/alice", PolicyDecision.Allow)]
    [InlineData("acs:ram::111:user/bob", "acs:ram::111:user/alice", PolicyDecision.ImplicitDeny)]
    [InlineData("acs:ram::222:root", "acs:ram::111:user/alice", PolicyDecision.ImplicitDeny)]
    [InlineData("acs:ram::111:role/builder", "acs:ram::111:role/builder", PolicyDecision.Allow)]
    [InlineData("acs:ram:*:111:role/*", "acs:ram::111:role/builder", PolicyDecision.Allow)]
    public void Evaluate_MatchesRamPrincipals(string principal, string callerArn, PolicyDecision expected)
    {
        var trust = Compile($$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"{{{principal}}}"}}]}""");

        var decision = trust.Evaluate("sts:AssumeRole", "acs:ram:*:111:role/x", ["acs:ram::111:root", callerArn], Context);

        Assert.Equal(expected, decision);
    }

    [Fact]
    public void Evaluate_ExternalIdConditionAndDeny_AreApplied()
    {
        var trust = Compile("""
            {"Version":"1","Statement":[
              {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::111:root"]},"Condition":{"StringEquals":{"sts:ExternalId":"abc-123"}}},
              {"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::111:user/mallory"]}}]}
            """);
        AuthorizationContext With(string? externalId) => new(IPAddress.Loopback, DateTimeOffset.UnixEpoch, false, false,
            externalId is null ? null : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["sts:ExternalId"] = externalId });

        Assert.Equal(PolicyDecision.Allow, trust.Evaluate("sts:AssumeRole", "r", ["acs:ram::111:root", "acs:ram::111:user/alice"], With("abc-123")));
        Assert.Equal(PolicyDecision.ImplicitDeny, trust.Evaluate("sts:AssumeRole", "r", ["acs:ram::111:root", "acs:ram::111:user/alice"], With("wrong")));
        Assert.Equal(PolicyDecision.ImplicitDeny, trust.Evaluate("sts:AssumeRole", "r", ["acs:ram::111:root", "acs:ram::111:user/alice"], With(null)));
        Assert.Equal(PolicyDecision.ExplicitDeny, trust.Evaluate("sts:AssumeRole", "r", ["acs:ram::111:root", "acs:ram::111:user/mallory"], With("abc-123")));
        Assert.Equal(PolicyDecision.ImplicitDeny, trust.Evaluate("sts:GetCallerIdentity", "r", ["acs:ram::111:root"], With("abc-123")));
    }

    [Fact]
    public void Compile_ServiceOnlyAndTerraformNulls_AreKeptButNeverMatchARamCaller()
    {
        var trust = Compile("""{"Version":"1","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole"],"Principal":{"Service":["ecs.aliyuncs.com"],"RAM":null,"federated":[]}}]}""");

        Assert.Equal(["ecs.aliyuncs.com"], trust.ServicePrincipals);
        Assert.Equal(PolicyDecision.ImplicitDeny, trust.Evaluate("sts:AssumeRole", "r", ["acs:ram::111:root"], Context));
    }

    [Theory]
    [InlineData("""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}""", "Statement[0].Principal")]
    [InlineData("""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{}}]}""", "Statement[0].Principal")]
    [InlineData("""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["alice"]}}]}""", "Statement[0].Principal.RAM[0]")]
    [InlineData("""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*"}]}""", "Statement[0].Principal")]
    public void CompileTrust_Malformed_NamesTheFault(string document, string path)
    {
        var compiled = PolicyDocument.CompileTrust(document, "AssumeRolePolicyDocument", Results.Errors.Role.DocumentLength);

        Assert.Equal("MalformedPolicyDocument", compiled.Error!.Code);
        Assert.StartsWith(path, compiled.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_PrincipalInAnIdentityPolicy_IsStillRefused()
    {
        var compiled = PolicyDocument.Compile("""{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":{"RAM":"111"}}]}""");

        Assert.Equal("MalformedPolicyDocument", compiled.Error!.Code);
    }
}
