using System.Security.Cryptography;
using Latchkey.Core.Secrets;
using Latchkey.Core.Sts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Core.Tests.Sts;

/// <summary>The sealed SecurityToken: self-contained, authenticated, bound to its AccessKeyId, rotatable with the master key.</summary>
public sealed class SessionTokenTests
{
    private static readonly byte[] Key1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Key2 = RandomNumberGenerator.GetBytes(32);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static SessionClaims Claims(string accessKeyId, string? policy = null) =>
        new(accessKeyId, "1234567890123456", "3000000000000001", "Deployer", "alice", Now, Now.AddHours(1), "ci", policy);

    private static MasterKeyRing Ring(params (int Version, byte[] Key)[] keys) => MasterKeyRing.FromKeys(keys.ToDictionary(k => k.Version, k => k.Key));

    [Fact]
    public void Seal_ThenOpen_ReturnsTheClaims_AndTheSecretIsBoundToTheId()
    {
        var sealer = new SessionTokenSealer(Ring((1, Key1)));
        var id = SessionTokenSealer.NewAccessKeyId();
        var policy = """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:List*","Resource":"*"}]}""";

        var token = sealer.Seal(Claims(id, policy), 1);
        var opened = sealer.Open(token);

        Assert.True(opened.IsSuccess);
        Assert.Equal((Claims(id, policy), 1), opened.Value);
        Assert.StartsWith("CAIS", token, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", token, StringComparison.Ordinal);
        Assert.Equal(sealer.SecretFor(id, 1), new SessionTokenSealer(Ring((1, Key1))).SecretFor(id, 1));
        Assert.NotEqual(sealer.SecretFor(id, 1), sealer.SecretFor(SessionTokenSealer.NewAccessKeyId(), 1));
        Assert.NotEqual(sealer.SecretFor(id, 1), new SessionTokenSealer(Ring((1, Key2))).SecretFor(id, 1));
    }

    [Fact]
    public void Open_AnyChangedCharacter_IsMalformed()
    {
        var sealer = new SessionTokenSealer(Ring((1, Key1)));
        var token = sealer.Seal(Claims(SessionTokenSealer.NewAccessKeyId()), 1);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var i = 4; i < token.Length; i++)
        {
            var replacement = Alphabet[(Alphabet.IndexOf(token[i], StringComparison.Ordinal) + 1) % Alphabet.Length];
            var altered = string.Concat(token.AsSpan(0, i), replacement.ToString(), token.AsSpan(i + 1));
            var opened = sealer.Open(altered);
            Assert.False(opened.IsSuccess && opened.Value.Claims == sealer.Open(token).Value.Claims && altered != token, $"position {i}");
            if (!opened.IsSuccess)
            {
                Assert.Equal("InvalidSecurityToken.Malformed", opened.Error!.Code);
            }
        }

        Assert.Equal("InvalidSecurityToken.Malformed", sealer.Open(token[..^1]).Error!.Code);
        Assert.Equal("InvalidSecurityToken.Malformed", sealer.Open("CAIS!!!").Error!.Code);
        Assert.Equal("InvalidSecurityToken.Malformed", sealer.Open(token[4..]).Error!.Code);
        Assert.Equal("InvalidSecurityToken.Malformed", new SessionTokenSealer(Ring((1, Key2))).Open(token).Error!.Code);
    }

    [Fact]
    public void MasterKeyRotation_OldTokensOpenWhileTheirVersionStays_AndDieWithIt()
    {
        var id = SessionTokenSealer.NewAccessKeyId();
        var old = new SessionTokenSealer(Ring((1, Key1))).Seal(Claims(id), 1);
        var rotated = new SessionTokenSealer(Ring((1, Key1), (2, Key2)));
        var retired = new SessionTokenSealer(Ring((2, Key2)));

        Assert.Equal(2, rotated.CurrentVersion);
        Assert.True(rotated.Open(old).IsSuccess);
        Assert.Equal(1, rotated.Open(old).Value.Version);
        Assert.Equal(2, rotated.Open(rotated.Seal(Claims(id), rotated.CurrentVersion)).Value.Version);
        Assert.Equal("InvalidSecurityToken.Malformed", retired.Open(old).Error!.Code);
    }

    [Fact]
    public void SessionCredentials_RefuseAnotherIdsToken_AndExpireWithTheClock()
    {
        var time = new FakeTimeProvider(Now);
        var sealer = new SessionTokenSealer(Ring((1, Key1)));
        using var sessions = new SessionCredentials(sealer, null!, time, Options.Create(new StsOptions()));
        var id = SessionTokenSealer.NewAccessKeyId();
        var token = sealer.Seal(Claims(id), 1);

        var first = sessions.Open(id, token);
        var again = sessions.Open(id, token);
        var otherId = sessions.Open(SessionTokenSealer.NewAccessKeyId(), token);
        time.Advance(TimeSpan.FromHours(1));
        var expired = sessions.Open(id, token);

        Assert.Same(first.Value, again.Value);
        Assert.Equal("AssumedRoleUser", first.Value.Principal.IdentityType);
        Assert.Equal("acs:ram::1234567890123456:assumed-role/deployer/alice", first.Value.Principal.Arn);
        Assert.Equal("InvalidSecurityToken.MismatchWithAccessKey", otherId.Error!.Code);
        Assert.Equal("InvalidSecurityToken.Expired", expired.Error!.Code);
        Assert.Equal(0, sessions.Count);
    }

    [Fact]
    public void SessionCredentials_AtCapacity_DropAndReopen()
    {
        var sealer = new SessionTokenSealer(Ring((1, Key1)));
        using var sessions = new SessionCredentials(sealer, null!, new FakeTimeProvider(Now), Options.Create(new StsOptions { SessionCacheCapacity = 16 }));
        var tokens = Enumerable.Range(0, 40).Select(_ => SessionTokenSealer.NewAccessKeyId()).Select(id => (id, token: sealer.Seal(Claims(id), 1))).ToList();

        var first = sessions.Open(tokens[0].id, tokens[0].token).Value;
        foreach (var (id, token) in tokens)
        {
            Assert.True(sessions.Open(id, token).IsSuccess);
        }

        Assert.InRange(sessions.Count, 1, 16);
        Assert.True(first.SigningKey.IsDisposed);
        Assert.False(sessions.Open(tokens[0].id, tokens[0].token).Value.SigningKey.IsDisposed);
    }
}
