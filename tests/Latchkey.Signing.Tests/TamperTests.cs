using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Signing.Tests;

/// <summary>Any single changed byte of what is signed makes verification fail.</summary>
public sealed class TamperTests
{
    private static readonly RpcCall Call = SigningModes.Call(("UserName", "alice"), ("DisplayName", "Alice A. 张"), ("Comments", "it's (ok)! *~+&="), ("Tag", "b"), ("Tag", "a"));

    [Theory]
    [InlineData(SigningMode.V1GetQuery)]
    [InlineData(SigningMode.V1PostQuery)]
    [InlineData(SigningMode.V3Query)]
    public void Verify_AnyChangedQueryByte_Rejects(SigningMode mode)
    {
        var request = SigningModes.Sign(mode, Call).ToReceivedRequest();
        Assert.Null(Verified.Check(request, SigningModes.Secret));

        foreach (var (index, tampered) in EverySingleChange(request.QueryString!))
        {
            var error = Verified.Check(request.With(query: tampered), SigningModes.Secret);
            Assert.True(error is not null, $"query byte {index} changed: {tampered}");
        }
    }

    [Theory]
    [InlineData(SigningMode.V1PostForm)]
    [InlineData(SigningMode.V3Form)]
    public void Verify_AnyChangedBodyByte_Rejects(SigningMode mode)
    {
        var request = SigningModes.Sign(mode, Call).ToReceivedRequest();
        var body = Encoding.UTF8.GetString(request.Body.Span);
        Assert.Null(Verified.Check(request, SigningModes.Secret));

        foreach (var (index, tampered) in EverySingleChange(body))
        {
            var error = Verified.Check(request.With(body: Encoding.UTF8.GetBytes(tampered)), SigningModes.Secret);
            Assert.True(error is not null, $"body byte {index} changed: {tampered}");
        }
    }

    [Fact]
    public void Verify_V3ChangedBodyWithRecomputedHash_ReturnsSignatureDoesNotMatch()
    {
        var request = SigningModes.Sign(SigningMode.V3Form, Call).ToReceivedRequest();
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Body.Span).Replace("alice", "mallory", StringComparison.Ordinal));
        var headers = request.CopyHeaders();
        headers["x-acs-content-sha256"] = Convert.ToHexStringLower(SHA256.HashData(body));

        var error = Verified.Check(request.With(body: body, headers: headers), SigningModes.Secret);

        Assert.Equal("SignatureDoesNotMatch", error?.Code);
    }

    [Theory]
    [InlineData(SigningMode.V3Query, "host")]
    [InlineData(SigningMode.V3Query, "x-acs-action")]
    [InlineData(SigningMode.V3Query, "x-acs-version")]
    [InlineData(SigningMode.V3Query, "x-acs-date")]
    [InlineData(SigningMode.V3Query, "x-acs-signature-nonce")]
    [InlineData(SigningMode.V3Query, "x-acs-content-sha256")]
    [InlineData(SigningMode.V3Form, "content-type")]
    public void Verify_AnyChangedSignedHeaderByte_Rejects(SigningMode mode, string header)
    {
        var request = SigningModes.Sign(mode, Call).ToReceivedRequest();
        Assert.Null(Verified.Check(request, SigningModes.Secret));

        foreach (var (index, tampered) in EverySingleChange(request.Headers[header]))
        {
            var headers = request.CopyHeaders();
            headers[header] = tampered;
            var changed = header == "content-type"
                ? new ReceivedRequest(request.Method, request.Path, request.QueryString, headers, request.Body, tampered)
                : request.With(headers: headers);
            Assert.True(Verified.Check(changed, SigningModes.Secret) is not null, $"{header} byte {index} changed: {tampered}");
        }
    }

    [Theory]
    [InlineData(SigningMode.V1GetQuery)]
    [InlineData(SigningMode.V1PostForm)]
    [InlineData(SigningMode.V3Query)]
    public void Verify_AnyChangedSignatureByte_Rejects(SigningMode mode)
    {
        var signed = SigningModes.Sign(mode, Call);
        var request = signed.ToReceivedRequest();
        if (mode == SigningMode.V3Query)
        {
            var authorization = request.Headers["Authorization"];
            var start = authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length;
            var hex = authorization[start..];
            for (var i = 0; i < hex.Length; i++)
            {
                // Hex is compared case-insensitively (spec §6.2), so change the digit itself.
                var digit = hex[i] == '0' ? '1' : '0';
                var headers = request.CopyHeaders();
                headers["Authorization"] = authorization[..start] + hex[..i] + digit + hex[(i + 1)..];
                Assert.Equal("SignatureDoesNotMatch", Verified.Check(request.With(headers: headers), SigningModes.Secret)?.Code);
            }

            return;
        }

        var parsed = Verified.Parse(request);
        var signature = Convert.FromBase64String(Rfc3986.Decode(ExtractSignature(request)));
        for (var i = 0; i < signature.Length; i++)
        {
            var changed = (byte[])signature.Clone();
            changed[i] ^= 0x01;
            var text = "Signature=" + Rfc3986.Encode(Convert.ToBase64String(changed));
            var original = "Signature=" + ExtractSignature(request);
            var tampered = mode == SigningMode.V1PostForm
                ? request.With(body: Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Body.Span).Replace(original, text, StringComparison.Ordinal)))
                : request.With(query: request.QueryString!.Replace(original, text, StringComparison.Ordinal));
            Assert.Equal("SignatureDoesNotMatch", Verified.Check(tampered, SigningModes.Secret)?.Code);
        }

        Assert.Null(parsed.VerifyBoth(SigningModes.Secret));
    }

    [Theory]
    [InlineData(SigningMode.V1GetQuery, "POST")]
    [InlineData(SigningMode.V1PostQuery, "GET")]
    [InlineData(SigningMode.V1PostForm, "PUT")]
    [InlineData(SigningMode.V3Query, "GET")]
    [InlineData(SigningMode.V3Form, "PUT")]
    public void Verify_ChangedMethod_ReturnsSignatureDoesNotMatch(SigningMode mode, string method)
    {
        var request = SigningModes.Sign(mode, Call).ToReceivedRequest();

        var error = Verified.Check(request.With(method: method), SigningModes.Secret);

        Assert.Equal("SignatureDoesNotMatch", error?.Code);
        if (mode is not (SigningMode.V3Query or SigningMode.V3Form))
        {
            Assert.StartsWith("Specified signature is not matched with our calculation. server string to sign is:" + method + "&%2F&", error!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Verify_V1WithUnsignedPopCoreHeadersThatDisagree_IgnoresThem()
    {
        var request = SigningModes.Sign(SigningMode.V1GetQuery, Call).ToReceivedRequest();
        var headers = request.CopyHeaders();
        headers["x-acs-action"] = "DeleteUser";
        headers["x-acs-version"] = "2019-08-15";

        var parsed = Verified.Parse(request.With(headers: headers));

        Assert.Null(parsed.VerifyBoth(SigningModes.Secret));
        Assert.Equal("CreateUser", parsed.Action);
        Assert.Equal("2015-05-01", parsed.Version);
    }

    private static string ExtractSignature(ReceivedRequest request)
    {
        var text = request.QueryString ?? Encoding.UTF8.GetString(request.Body.Span);
        var start = text.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length;
        var end = text.IndexOf('&', start);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>
    /// Each position changed once. Letters swap case (that flips high base64 bits, so no base64
    /// padding-bit malleability sneaks in); hex digits right after '%' and other characters become
    /// 'x', which is never a valid escape and never the character it replaces.
    /// </summary>
    private static IEnumerable<(int Index, string Tampered)> EverySingleChange(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var inEscape = (i >= 1 && text[i - 1] == '%') || (i >= 2 && text[i - 2] == '%');
            char replacement;
            if (!inEscape && char.IsAsciiLetter(c))
            {
                replacement = char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
            }
            else
            {
                replacement = c == 'x' ? 'y' : 'x';
            }

            yield return (i, string.Concat(text.AsSpan(0, i), new string(replacement, 1), text.AsSpan(i + 1)));
        }
    }
}
