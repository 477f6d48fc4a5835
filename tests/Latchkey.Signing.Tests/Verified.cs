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

    /// <summary>
    /// Verifies with the secret and with its <see cref="SigningKey"/>; fails unless both give the
    /// same answer (the same error, message included), which it returns.
    /// </summary>
    public static SignatureError? VerifyBoth(this ParsedRequest parsed, string secret)
    {
        var withSecret = parsed.Verify(secret);
        var withKey = parsed.Verify(KeyFor(secret));
        Assert.Equal(withSecret, withKey);
        return withSecret;
    }

    public static SigningKey KeyFor(string secret) => Keys.GetOrAdd(secret, static s => new SigningKey(s));
}
