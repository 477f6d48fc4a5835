using Latchkey.Signing;

namespace Latchkey.Signing.Tests;

public sealed class SignatureErrorTests
{
    [Fact]
    public void SignatureError_KeepsCodeStatusAndMessage()
    {
        var error = new SignatureError("SignatureNonceUsed", 400, "Specified signature nonce was used already.");

        Assert.Equal("SignatureNonceUsed", error.Code);
        Assert.Equal(400, error.HttpStatus);
    }
}
