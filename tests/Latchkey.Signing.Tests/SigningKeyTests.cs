namespace Latchkey.Signing.Tests;

/// <summary>
/// A <see cref="SigningKey"/> verifies exactly as the secret string does, from any number of
/// threads at once, and never gives a wrong answer around <see cref="SigningKey.Dispose"/>.
/// (Every other test in this project also checks both paths, through <see cref="Verified.VerifyBoth"/>.)
/// </summary>
public sealed class SigningKeyTests
{
    private const string WrongSecret = "AnotherSecretAnotherSecret0001";

    [Fact]
    public void ToString_NeverShowsTheSecret()
    {
        using var key = new SigningKey(SigningModes.Secret);

        Assert.Equal("SigningKey(***)", key.ToString());
        Assert.DoesNotContain(SigningModes.Secret, $"{key}", StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptySecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SigningKey(""));
        Assert.Throws<ArgumentNullException>(() => new SigningKey(null!));
    }

    [Theory]
    [InlineData(SigningMode.V1GetQuery)]
    [InlineData(SigningMode.V1PostForm)]
    [InlineData(SigningMode.V3Query)]
    [InlineData(SigningMode.V3Form)]
    public void Verify_NonAsciiSecret_SameAsSecretString(SigningMode mode)
    {
        const string secret = "sécret-张三-😀-ExampleSecret";
        var request = Sign(mode, secret, "alice").ToReceivedRequest();
        var parsed = Verified.Parse(request);
        using var key = new SigningKey(secret);
        using var wrong = new SigningKey(secret + "x");

        Assert.Null(parsed.Verify(secret));
        Assert.Null(parsed.Verify(key));
        Assert.Equal(parsed.Verify(secret + "x"), parsed.Verify(wrong));
        Assert.Equal("SignatureDoesNotMatch", parsed.Verify(wrong)?.Code);
    }

    [Fact]
    public void Verify_AfterDispose_ThrowsObjectDisposed()
    {
        var parsed = Verified.Parse(SigningModes.Sign(SigningMode.V3Query, SigningModes.Call(("UserName", "alice"))).ToReceivedRequest());
        var key = new SigningKey(SigningModes.Secret);
        Assert.Null(parsed.Verify(key));

        key.Dispose();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => parsed.Verify(key));
        Assert.Null(parsed.Verify(SigningModes.Secret));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Verify_ManyThreadsOneKey_EveryAnswerMatchesTheSecretString(bool useNativeDigest)
    {
        var requests = MixedRequests(out var expected);
        using var key = new SigningKey(SigningModes.Secret, useNativeDigest);
        var wrong = new int[1];

        // More workers than cores and than pool slots: rents find the pool empty, returns find it
        // full, and instances are created and dropped while others are in use.
        Parallel.For(0, 40 * requests.Length, new ParallelOptions { MaxDegreeOfParallelism = 32 }, i =>
        {
            var index = i % requests.Length;
            if (!Equals(requests[index].Verify(key), expected[index]))
            {
                Interlocked.Increment(ref wrong[0]);
            }
        });

        Assert.Equal(0, wrong[0]);
        Assert.Contains(expected, e => e is null);
        Assert.Contains(expected, e => e is not null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Verify_DisposedWhileInUse_NeverGivesAWrongAnswer(bool useNativeDigest)
    {
        var requests = MixedRequests(out var expected);
        var key = new SigningKey(SigningModes.Secret, useNativeDigest);
        var wrong = new int[1];
        var refused = new int[1];
        var total = 20 * requests.Length;

        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            if (i == total / 4)
            {
                key.Dispose();
            }

            var index = i % requests.Length;
            try
            {
                if (!Equals(requests[index].Verify(key), expected[index]))
                {
                    Interlocked.Increment(ref wrong[0]);
                }
            }
            catch (ObjectDisposedException)
            {
                Interlocked.Increment(ref refused[0]);
            }
        });

        Assert.Equal(0, wrong[0]);
        Assert.True(refused[0] > 0);
        Assert.Throws<ObjectDisposedException>(() => requests[0].Verify(key));
        // The last verify in flight released the key: nothing of it is left in the midstates.
        Assert.Equal(useNativeDigest, key.UsesNativeDigest);
        Assert.False(key.Midstates.ContainsAnyExcept((byte)0));
    }

    /// <summary>Valid and invalid requests in every placement, with what the secret string says of each.</summary>
    private static ParsedRequest[] MixedRequests(out SignatureError?[] expected)
    {
        var requests = new List<ParsedRequest>();
        foreach (var mode in Enum.GetValues<SigningMode>())
        {
            for (var i = 0; i < 8; i++)
            {
                var secret = i % 3 == 2 ? WrongSecret : SigningModes.Secret;
                requests.Add(Verified.Parse(Sign(mode, secret, "user" + i).ToReceivedRequest()));
            }
        }

        expected = [.. requests.Select(r => r.Verify(SigningModes.Secret))];
        return [.. requests];
    }

    private static SignedHttpRequest Sign(SigningMode mode, string secret, string userName)
    {
        var call = SigningModes.Call(("UserName", userName), ("DisplayName", "Alice A. 张"), ("Comments", "it's (ok)! *~+&="));
        const string nonce = "c3d9a6a05b7e4c1e9f1a2b7f0a6e8d11";
        return mode switch
        {
            SigningMode.V1GetQuery => RequestSigner.SignV1(call, SigningModes.KeyId, secret, "GET", V1Placement.Query, nonce, SigningModes.At),
            SigningMode.V1PostForm => RequestSigner.SignV1(call, SigningModes.KeyId, secret, "POST", V1Placement.Form, nonce, SigningModes.At),
            SigningMode.V1PostQuery => RequestSigner.SignV1(call, SigningModes.KeyId, secret, "POST", V1Placement.Query, nonce, SigningModes.At),
            SigningMode.V3Query => RequestSigner.SignV3(call, SigningModes.KeyId, secret, "127.0.0.1:8080", nonce, SigningModes.At, parametersInBody: false),
            _ => RequestSigner.SignV3(call, SigningModes.KeyId, secret, "127.0.0.1:8080", nonce, SigningModes.At, parametersInBody: true),
        };
    }
}
