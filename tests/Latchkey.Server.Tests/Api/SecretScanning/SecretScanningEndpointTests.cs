using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latchkey.Core.Audit;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Api.SecretScanning;

/// <summary>
/// GitHub's secret scanning partner format at POST /secret-scanning/github: the test plays GitHub
/// with its own ECDSA P-256 key pair, signs the raw body as GitHub does (SHA-256, DER, base64 in
/// GITHUB-PUBLIC-KEY-SIGNATURE, key named in GITHUB-PUBLIC-KEY-IDENTIFIER), and checks that the
/// reported key stops verifying at once; forged, unsigned and unknown-key reports change nothing.
/// </summary>
public sealed class SecretScanningEndpointTests : IDisposable
{
    private const string KeyIdentifier = "bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c";
    private readonly ECDsa _github = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly LatchkeyFactory _plain = new();
    private readonly WebApplicationFactory<Program> _factory;

    public SecretScanningEndpointTests()
    {
        var pem = _github.ExportSubjectPublicKeyInfoPem();
        _factory = _plain.WithWebHostBuilder(builder => builder.UseSetting($"SecretScanning:GitHubPublicKeys:{KeyIdentifier}", pem));
    }

    [Fact]
    public async Task SignedReport_DisablesTheKeyAtOnce_AndAnswersGitHubsFeedback()
    {
        var victim = await CreateAccountAsync();
        var api = new ApiClient(_factory.CreateClient());
        (await api.CallAsync(victim, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
        var body = $$"""[{"token":"{{victim.AccessKeyId}}","type":"latchkey_access_key_id","url":"https://github.com/octocat/app/blob/abc/.env","source":"content"},{"token":"LTAInothing0000000000000","type":"latchkey_access_key_id","url":"https://github.com/x/y","source":"content"}]""";

        var response = await PostAsync(body, KeyIdentifier, Sign(_github, body));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var feedback = JsonDocument.Parse(response.Text).RootElement;
        Assert.Equal(2, feedback.GetArrayLength());
        Assert.Equal(Sha256(victim.AccessKeyId), feedback[0].GetProperty("token_hash").GetString());
        Assert.Equal("true_positive", feedback[0].GetProperty("label").GetString());
        Assert.Equal("latchkey_access_key_id", feedback[0].GetProperty("token_type").GetString());
        Assert.Equal("false_positive", feedback[1].GetProperty("label").GetString());
        Assert.DoesNotContain(victim.AccessKeyId, response.Text, StringComparison.Ordinal);
        (await api.CallAsync(victim, "GetCallerIdentity", ApiClient.Sts)).AssertError(HttpStatusCode.BadRequest, "InvalidAccessKeyId.Inactive");
        var audit = await AuditAsync(victim.AccountId);
        var reported = Assert.Single(audit, e => e.EventName == "ReportAccessKeyLeak");
        Assert.Equal(victim.AccessKeyId, reported.ResourceName);
        Assert.Contains("https://github.com/octocat/app/blob/abc/.env", reported.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedReport_OfASecret_FindsItsKey()
    {
        var victim = await CreateAccountAsync();
        var body = $$"""[{"token":"{{victim.AccessKeySecret}}","type":"latchkey_access_key_secret","url":"https://github.com/octocat/app/blob/abc/config.js","source":"content"}]""";

        var response = await PostAsync(body, KeyIdentifier, Sign(_github, body));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("true_positive", JsonDocument.Parse(response.Text).RootElement[0].GetProperty("label").GetString());
        Assert.DoesNotContain(victim.AccessKeySecret, response.Text, StringComparison.Ordinal);
        var api = new ApiClient(_factory.CreateClient());
        (await api.CallAsync(victim, "GetCallerIdentity", ApiClient.Sts)).AssertError(HttpStatusCode.BadRequest, "InvalidAccessKeyId.Inactive");
        Assert.DoesNotContain(_plain.LogLines, line => line.Contains(victim.AccessKeySecret, StringComparison.Ordinal));
        Assert.DoesNotContain(await AuditAsync(victim.AccountId), e => e.Details.Contains(victim.AccessKeySecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForgedTamperedOrUnsignedReports_ChangeNothing()
    {
        var victim = await CreateAccountAsync();
        var body = $$"""[{"token":"{{victim.AccessKeyId}}","type":"t","url":"u","source":"content"}]""";
        var other = $$"""[{"token":"{{victim.AccessKeyId}}","type":"t","url":"elsewhere","source":"content"}]""";

        var forged = await PostAsync(body, KeyIdentifier, Sign(_forger, body));
        var tampered = await PostAsync(other, KeyIdentifier, Sign(_github, body));
        var unknownKey = await PostAsync(body, "0000", Sign(_github, body));
        var unsigned = await PostAsync(body, null, null);
        var garbage = await PostAsync(body, KeyIdentifier, "not base64!");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownKey.Status);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.Status);
        var api = new ApiClient(_factory.CreateClient());
        (await api.CallAsync(victim, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
        Assert.DoesNotContain(await AuditAsync(victim.AccountId), e => e.EventName == "ReportAccessKeyLeak");
    }

    [Fact]
    public async Task SignedReport_ThatIsNotAnArrayOfTokens_IsBadRequest()
    {
        const string body = """{"token":"x"}""";

        var response = await PostAsync(body, KeyIdentifier, Sign(_github, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
    }

    [Fact]
    public async Task AFloodOfReportsFromOneAddress_IsRefusedWith429BeforeAnySignatureCheck_AndChangesNothing()
    {
        using var limited = _plain.WithWebHostBuilder(builder => builder
            .UseSetting($"SecretScanning:GitHubPublicKeys:{KeyIdentifier}", _github.ExportSubjectPublicKeyInfoPem())
            .UseSetting("SecretScanning:MaxReportsPerMinutePerSource", "2"));
        var victim = await CreateAccountAsync(limited);
        var body = $$"""[{"token":"{{victim.AccessKeyId}}","type":"t","url":"u","source":"content"}]""";

        var first = await PostAsync(limited, body, KeyIdentifier, Sign(_forger, body));
        var second = await PostAsync(limited, body, KeyIdentifier, Sign(_forger, body));
        var third = await PostAsync(limited, body, KeyIdentifier, Sign(_forger, body));
        var genuineButLate = await PostAsync(limited, body, KeyIdentifier, Sign(_github, body));

        Assert.Equal(HttpStatusCode.Unauthorized, first.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, second.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.True(int.Parse(third.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60, third.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, genuineButLate.Status);
        var api = new ApiClient(limited.CreateClient());
        (await api.CallAsync(victim, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
    }

    [Fact]
    public async Task WithoutConfiguredKeys_TheIntakeIsNotThere()
    {
        using var client = _plain.CreateClient();
        const string body = "[]";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/secret-scanning/github", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _plain.Dispose();
        _github.Dispose();
        _forger.Dispose();
    }

    private static string Sign(ECDsa key, string body) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    private static string Sha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private Task<TestAccount> CreateAccountAsync() => CreateAccountAsync(_factory);

    private static async Task<TestAccount> CreateAccountAsync(WebApplicationFactory<Program> factory)
    {
        // The factory with the intake configured shares nothing with _plain's services; create the account in the one that serves.
        var name = "leak-" + Guid.NewGuid().ToString("N")[..12];
        var services = factory.Services;
        var account = await services.GetRequiredService<Latchkey.Core.Accounts.AccountService>().CreateAsync(name, "Str0ng!Passw0rd", "127.0.0.1", "test", CancellationToken.None);
        var actor = new AuditContext(new Latchkey.Core.Principals.Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "test");
        var key = await services.GetRequiredService<Latchkey.Core.AccessKeys.AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        return new TestAccount(account.Value.AccountId, key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());
    }

    private async Task<IReadOnlyList<AuditEvent>> AuditAsync(string accountId) =>
        (await _factory.Services.GetRequiredService<IAuditStore>().ListAuditEventsAsync(accountId, null, 100, CancellationToken.None)).Value.Items;

    private async Task<(HttpStatusCode Status, string Text)> PostAsync(string body, string? keyId, string? signature)
    {
        var (status, text, _) = await PostAsync(_factory, body, keyId, signature);
        return (status, text);
    }

    private static async Task<(HttpStatusCode Status, string Text, string? RetryAfter)> PostAsync(WebApplicationFactory<Program> factory, string body, string? keyId, string? signature)
    {
        using var client = factory.CreateClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/secret-scanning/github") { Content = content };
        if (keyId is not null)
        {
            request.Headers.Add("GITHUB-PUBLIC-KEY-IDENTIFIER", keyId);
        }

        if (signature is not null)
        {
            request.Headers.Add("GITHUB-PUBLIC-KEY-SIGNATURE", signature);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.TryGetValues("Retry-After", out var after) ? after.Single() : null);
    }
}
