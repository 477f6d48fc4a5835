using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.Cli.Tests.Infrastructure;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Sample.Api;
using Latchkey.Signing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Tests;

/// <summary>The sample API behind AddLatchkey accepts signed requests and refuses bad ones with Alibaba's codes.</summary>
public sealed class SampleApiTests(SampleApiFixture fixture) : IClassFixture<SampleApiFixture>
{
    private static readonly HttpClient Http = new();

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string baseUrl, SignedHttpRequest signed)
    {
        using var message = new HttpRequestMessage(new HttpMethod(signed.Method), baseUrl.TrimEnd('/') + signed.PathAndQuery);
        foreach (var (name, value) in signed.Headers)
        {
            if (name != "host")
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (signed.ContentType is not null)
        {
            message.Content = new ByteArrayContent(signed.Body.ToArray());
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(signed.ContentType);
        }

        using var response = await Http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private SignedHttpRequest SignV3(string id, string secret, string? nonce = null) =>
        RequestSigner.SignV3(new RpcCall("DescribeWidgets", "2024-01-01", []), id, secret, new Uri(fixture.SampleUrl).Authority, nonce ?? RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());

    [Fact]
    public async Task SignedV3Request_IsAccepted_WithTheCallersPrincipal()
    {
        var caller = await fixture.NewAccountKeyAsync();

        var (status, body) = await SendAsync(fixture.SampleUrl, SignV3(caller.AccessKeyId, caller.Secret));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(caller.AccountId, body.GetProperty("Caller").GetProperty("AccountId").GetString());
        Assert.Equal($"acs:ram::{caller.AccountId}:root", body.GetProperty("Caller").GetProperty("Arn").GetString());
        Assert.Equal(caller.AccessKeyId, body.GetProperty("Caller").GetProperty("AccessKeyId").GetString());
    }

    [Fact]
    public async Task SignedV1FormPost_IsAccepted()
    {
        var caller = await fixture.NewAccountKeyAsync();
        var signed = RequestSigner.SignV1(new RpcCall("DescribeWidgets", "2024-01-01", [new("PageSize", "10")]), caller.AccessKeyId, caller.Secret, "POST", V1Placement.Form, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());

        var (status, body) = await SendAsync(fixture.SampleUrl, signed);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DescribeWidgets", body.GetProperty("Action").GetString());
    }

    [Fact]
    public async Task SignedV1Query_WithTheSignatureFirst_IsAccepted_AndWithoutOne_IsChallenged()
    {
        // The handler looks at the query as received ('?' included, no copy): a Signature right
        // after the '?' must still be seen, and a query without one gets the challenge.
        var caller = await fixture.NewAccountKeyAsync();
        var signed = RequestSigner.SignV1(new RpcCall("DescribeWidgets", "2024-01-01", []), caller.AccessKeyId, caller.Secret, "GET", V1Placement.Query, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());
        var pairs = signed.PathAndQuery[(signed.PathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&');
        var reordered = "/?" + string.Join('&', pairs.Where(p => p.StartsWith("Signature=", StringComparison.Ordinal)).Concat(pairs.Where(p => !p.StartsWith("Signature=", StringComparison.Ordinal))));
        Assert.StartsWith("/?Signature=", reordered, StringComparison.Ordinal);

        using var accepted = await Http.GetAsync(new Uri(fixture.SampleUrl.TrimEnd('/') + reordered));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var unsigned = string.Join('&', pairs.Where(p => !p.StartsWith("Signature=", StringComparison.Ordinal)));
        using var challenged = await Http.GetAsync(new Uri(fixture.SampleUrl.TrimEnd('/') + "/?" + unsigned));
        Assert.Equal(HttpStatusCode.BadRequest, challenged.StatusCode);
        Assert.Contains("MissingSignature", await challenged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSignature_IsRefused_WithSignatureDoesNotMatch()
    {
        var caller = await fixture.NewAccountKeyAsync();

        var (status, body) = await SendAsync(fixture.SampleUrl, SignV3(caller.AccessKeyId, "wrong-secret"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SignatureDoesNotMatch", body.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task Replay_IsRefused_WithSignatureNonceUsed()
    {
        var caller = await fixture.NewAccountKeyAsync();
        var signed = SignV3(caller.AccessKeyId, caller.Secret);

        var first = await SendAsync(fixture.SampleUrl, signed);
        var replay = await SendAsync(fixture.SampleUrl, signed);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Equal("SignatureNonceUsed", replay.Body.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task InactiveKey_IsRefused_WithInvalidAccessKeyIdInactive()
    {
        var caller = await fixture.NewAccountKeyAsync();
        var actor = new AuditContext(new Principal(caller.AccountId, null, null, null), "127.0.0.1", "test");
        var updated = await fixture.Latchkey.Services.GetRequiredService<AccessKeyService>().UpdateStatusAsync(actor, null, caller.AccessKeyId, "Inactive", CancellationToken.None);
        Assert.True(updated.IsSuccess);

        var (status, body) = await SendAsync(fixture.SampleUrl, SignV3(caller.AccessKeyId, caller.Secret));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidAccessKeyId.Inactive", body.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task UnsignedRequest_IsChallenged_WithMissingSignature()
    {
        using var response = await Http.GetAsync(fixture.SampleUrl.TrimEnd('/') + "/widgets");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MissingSignature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LatchkeyCall_AgainstTheSample_IsAccepted()
    {
        var caller = await fixture.NewAccountKeyAsync();
        var env = new Dictionary<string, string> { ["LATCHKEY_ACCESS_KEY_ID"] = caller.AccessKeyId, ["LATCHKEY_ACCESS_KEY_SECRET"] = caller.Secret };

        var v3 = await CliRunner.RunAsync(["call", "DescribeWidgets", "--version", "2024-01-01", "--endpoint", fixture.SampleUrl], environment: env);
        var v1 = await CliRunner.RunAsync(["call", "DescribeWidgets", "--version", "2024-01-01", "--signature", "v1", "--method", "GET", "--endpoint", fixture.SampleUrl], environment: env);

        Assert.True(v3.ExitCode == 0, v3.ToString());
        Assert.True(v1.ExitCode == 0, v1.ToString());
        Assert.Contains(caller.AccountId, v3.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task OfficialPopCoreSdk_AgainstTheSample_IsAccepted(string method)
    {
        var caller = await fixture.NewAccountKeyAsync();
        var sdk = Path.Combine(CliRunner.RepositoryRoot, "tests", "Latchkey.EndToEnd.Tests", "sdk");
        Assert.True(Directory.Exists(Path.Combine(sdk, "node_modules", "@alicloud", "pop-core")), "run npm ci in " + sdk + " (scripts/test.sh does)");
        var plan = Path.Combine(fixture.Root, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(plan, JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, object> { ["sdk"] = "pop", ["mode"] = method, ["version"] = "2024-01-01", ["action"] = "DescribeWidgets", ["accessKeyId"] = caller.AccessKeyId, ["accessKeySecret"] = caller.Secret },
            new Dictionary<string, object> { ["sdk"] = "pop", ["mode"] = method, ["version"] = "2024-01-01", ["action"] = "DescribeWidgets", ["accessKeyId"] = caller.AccessKeyId, ["accessKeySecret"] = "wrong-secret" },
        }));
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = sdk };
        start.ArgumentList.Add(Path.Combine(sdk, "call.js"));
        start.ArgumentList.Add(plan);
        start.Environment["LATCHKEY_ENDPOINT"] = new Uri(fixture.SampleUrl).Authority;

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        Assert.True(node.ExitCode == 0, stderr);
        var outcomes = JsonDocument.Parse(await stdout).RootElement;
        Assert.True(outcomes[0].GetProperty("ok").GetBoolean(), outcomes[0].GetRawText());
        Assert.Equal(caller.AccountId, outcomes[0].GetProperty("body").GetProperty("Caller").GetProperty("AccountId").GetString());
        Assert.False(outcomes[1].GetProperty("ok").GetBoolean());
        Assert.Equal("SignatureDoesNotMatch", outcomes[1].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Logs_OfBothHosts_HoldNoSecretOrSignature()
    {
        var caller = await fixture.NewAccountKeyAsync();
        var v3 = SignV3(caller.AccessKeyId, caller.Secret);
        var v1 = RequestSigner.SignV1(new RpcCall("DescribeWidgets", "2024-01-01", []), caller.AccessKeyId, caller.Secret, "GET", V1Placement.Query, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());
        var wrong = SignV3(caller.AccessKeyId, "wrong-secret");

        var accepted = await SendAsync(fixture.SampleUrl, v3);
        var acceptedV1 = await SendAsync(fixture.SampleUrl, v1);
        var refused = await SendAsync(fixture.SampleUrl, wrong);

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(HttpStatusCode.OK, acceptedV1.Status);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        var v3Signature = v3.Headers.Single(h => h.Key == "Authorization").Value.Split("Signature=")[1];
        var wrongSignature = wrong.Headers.Single(h => h.Key == "Authorization").Value.Split("Signature=")[1];
        var v1Signature = Uri.UnescapeDataString(v1.PathAndQuery.Split("Signature=")[1]);
        var lines = fixture.Logs.Lines.ToArray();
        Assert.NotEmpty(lines);
        foreach (var forbidden in new[] { caller.Secret, fixture.ResourceServerSecret, v3Signature, wrongSignature, v1Signature })
        {
            Assert.DoesNotContain(lines, line => line.Contains(forbidden, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task MisconfiguredResourceServer_AnswersInternalError_WithoutDetails()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        await using var misconfigured = SampleApi.Build([
            "--urls=http://127.0.0.1:0",
            $"--Latchkey:Endpoint={fixture.Latchkey.Url}",
            $"--Latchkey:AccessKeyId={resource.AccessKeyId}",
            "--Latchkey:AccessKeySecret=not-the-resource-servers-secret",
            "--Latchkey:AllowedHosts:0=127.0.0.1",
        ], builder => builder.Logging.ClearProviders());
        await misconfigured.StartAsync();
        var url = misconfigured.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var signed = RequestSigner.SignV3(new RpcCall("DescribeWidgets", "2024-01-01", []), caller.AccessKeyId, caller.Secret, new Uri(url).Authority, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());

        var (status, body) = await SendAsync(url, signed);
        await misconfigured.StopAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("InternalError", body.GetProperty("Code").GetString());
    }
}
