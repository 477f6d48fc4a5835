namespace Latchkey.Signing.Tests;

internal static class Verified
{
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
        ParsedRequest.TryParse(request, out var parsed, out var error) ? parsed.Verify(secret) : error;
}
