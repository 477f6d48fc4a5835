using System.Collections.Concurrent;

namespace Latchkey.Signing.Tests;

internal static class Verified
{
    // One SigningKey per secret for the whole run, so every test also proves that a reused,
    // pooled HMAC carries nothing from one verify into the next.
    private static readonly ConcurrentDictionary<string, SigningKey> Keys = new(StringComparer.Ordinal);

    public static ParsedRequest Parse(ReceivedRequest request)
    {
        var ok = ParsedRequest.TryParse(request, out var parsed, out var error);
        Assert.True(ok, error?.Code + " " + error?.Message);
        return parsed!;
    }

    public static SignatureError ParseError(ReceivedRequest request)
    {
        var ok = ParsedRequest.TryParse(request, out _, out var error);
        Assert.False(ok);
        return error!;
    }

    /// <summary>Null when the request parses and verifies with the secret, else the error.</summary>
    public static SignatureError? Check(ReceivedRequest request, string secret) =>
        ParsedRequest.TryParse(request, out var parsed, out var error) ? parsed.VerifyBoth(secret) : error;

    // The same on the framework's digests, so every suite also compares the native-digest path
    // (the default on Linux) with the IncrementalHash one.
    private static readonly ConcurrentDictionary<string, SigningKey> FrameworkKeys = new(StringComparer.Ordinal);

    /// <summary>
    /// Verifies with the secret, with its <see cref="SigningKey"/> and with a key forced onto the
    /// framework's digests; fails unless all give the same answer (the same error, message
    /// included), which it returns.
    /// </summary>
    public static SignatureError? VerifyBoth(this ParsedRequest parsed, string secret)
    {
        var withSecret = parsed.Verify(secret);
        var withKey = parsed.Verify(KeyFor(secret));
        var withFrameworkKey = parsed.Verify(FrameworkKeys.GetOrAdd(secret, static s => new SigningKey(s, useNativeDigest: false)));
        Assert.Equal(withSecret, withKey);
        Assert.Equal(withSecret, withFrameworkKey);
        return withSecret;
    }

    public static SigningKey KeyFor(string secret) => Keys.GetOrAdd(secret, static s => new SigningKey(s));
}
