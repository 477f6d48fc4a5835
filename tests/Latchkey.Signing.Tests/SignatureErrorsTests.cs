using System.Reflection;

namespace Latchkey.Signing.Tests;

public sealed class SignatureErrorsTests
{
    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var code in AllErrors().Select(e => e.Code).Distinct())
        {
            data.Add(code);
        }

        return data;
    }

    [Theory]
    [InlineData("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found.")]
    [InlineData("InvalidAccessKeyId.Inactive", 400, "Specified access key is disabled.")]
    [InlineData("SignatureNonceUsed", 400, "Specified signature nonce was used already.")]
    [InlineData("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired.")]
    [InlineData("InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well formatted.")]
    [InlineData("InvalidSignatureMethod", 400, "Specified signature method is not valid.")]
    [InlineData("InvalidParameter.Format", 400, "Specified parameter format is not valid.")]
    [InlineData("MissingSignature", 400, "Signature is mandatory for this action.")]
    [InlineData("MissingSecurityToken", 400, "SecurityToken is mandatory for this action.")]
    [InlineData("InvalidSecurityToken.MismatchWithAccessKey", 400, "Specified SecurityToken mismatch with the AccessKey.")]
    public void Catalogue_GatewayErrors_MatchSpec(string code, int status, string message)
    {
        var error = AllErrors().Single(e => e.Code == code);

        Assert.Equal(status, error.HttpStatus);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void SignatureDoesNotMatch_MessageEndsWithStringToSignWithoutSpace()
    {
        var error = SignatureErrors.SignatureDoesNotMatch("GET&%2F&A%3D1");

        Assert.Equal("Specified signature is not matched with our calculation. server string to sign is:GET&%2F&A%3D1", error.Message);
        Assert.Equal(400, error.HttpStatus);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Catalogue_EveryCode_HasErrorPage(string code)
    {
        var page = Path.Combine(RepositoryRoot(), "docs", "errors", code + ".md");

        Assert.True(File.Exists(page), $"missing {page}");
    }

    internal static IEnumerable<SignatureError> AllErrors()
    {
        foreach (var field in typeof(SignatureErrors).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            yield return (SignatureError)field.GetValue(null)!;
        }

        yield return SignatureErrors.IncompleteSignature(string.Empty);
        yield return SignatureErrors.SignatureDoesNotMatch(string.Empty);
        foreach (var name in new[] { "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Action", "Version" })
        {
            yield return SignatureErrors.Missing(name);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Latchkey.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Latchkey.slnx not found above " + AppContext.BaseDirectory);
    }
}
