using Latchkey.Core.Tests.Support;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Tests;

public sealed class LatchkeyCoreServiceCollectionExtensionsTests
{
    [Theory]
    [InlineData("Identity:AccessKeyIdPrefix", "LTAI")]
    [InlineData("Identity:AccessKeyIdPrefix", "L2")]
    [InlineData("Identity:AccountAccessKeyLimit", "11")]
    [InlineData("Signature:MaxClockSkew", "00:30:00")]
    public void InvalidOptions_FailValidation(string key, string value)
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { [key] = value });

        Assert.Throws<OptionsValidationException>(() =>
        {
            _ = h.Get<IOptions<IdentityOptions>>().Value;
            _ = h.Get<IOptions<SignatureOptions>>().Value;
        });
    }

    [Fact]
    public async Task ConfiguredPrefix_IsUsedForNewKeys()
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { ["Identity:AccessKeyIdPrefix"] = "ACME" });
        var account = await h.NewAccountAsync();

        var key = await h.NewKeyAsync(account);

        Assert.StartsWith("ACME", key.Key.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal(24, key.Key.AccessKeyId.Length);
    }
}
