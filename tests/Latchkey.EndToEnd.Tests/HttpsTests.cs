using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>
/// `latchkey serve` over HTTPS with a certificate file through Kestrel's standard configuration:
/// the aliyun CLI checks credentials (STS GetCallerIdentity, V3) over HTTPS only.
/// </summary>
public sealed class HttpsTests
{
    [Fact]
    public async Task Serve_WithCertificateFile_AnswersOfficialSdksOverHttps()
    {
        var folder = Directory.CreateTempSubdirectory("latchkey-https-").FullName;
        var dataDirectory = Path.Combine(folder, "data");
        var (pfxPath, caPath) = WriteSelfSignedCertificate(folder, "Cert-Passw0rd");
        var account = await LatchkeyProcess.BootstrapAsync(dataDirectory, "tls-owner", "Str0ng!Passw0rd");
        var start = LatchkeyProcess.StartInfo(
            "serve", "--data", dataDirectory, "--urls", "https://127.0.0.1:0",
            "--Kestrel:Certificates:Default:Path=" + pfxPath);
        // The certificate password comes from the environment, as docs/operations.md advises.
        start.Environment["LATCHKEY_Kestrel__Certificates__Default__Password"] = "Cert-Passw0rd";
        using var serve = Process.Start(start)!;
        try
        {
            var address = await LatchkeyProcess.ReadBoundAddressAsync(serve);
            Assert.NotNull(address);
            Assert.StartsWith("https://", address, StringComparison.Ordinal);
            var accessKeyId = account.GetProperty("AccessKeyId").GetString()!;
            var accessKeySecret = account.GetProperty("AccessKeySecret").GetString()!;
            var sdk = new SdkRunner(new Uri(address).Authority, new Dictionary<string, string>
            {
                ["LATCHKEY_PROTOCOL"] = "https",
                ["NODE_EXTRA_CA_CERTS"] = caPath,
            });
            var v3 = sdk.Add("sts", "v3", accessKeyId, accessKeySecret, "GetCallerIdentity");
            var popCore = sdk.Add("pop", "POST", accessKeyId, accessKeySecret, "GetCallerIdentity");

            var outcomes = await sdk.RunAsync();

            Assert.True(outcomes[v3].Ok, outcomes[v3].ToString());
            Assert.Equal(account.GetProperty("AccountId").GetString(), outcomes[v3].Body.GetProperty("AccountId").GetString());
            Assert.True(outcomes[popCore].Ok, outcomes[popCore].ToString());
            Assert.Equal("Account", outcomes[popCore].Body.GetProperty("IdentityType").GetString());
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A certificate for 127.0.0.1 as a password-protected PFX, and its public part as PEM for node to trust.</summary>
    private static (string PfxPath, string CaPath) WriteSelfSignedCertificate(string folder, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        var pfxPath = Path.Combine(folder, "tls.pfx");
        var caPath = Path.Combine(folder, "tls-ca.pem");
        File.WriteAllBytes(pfxPath, certificate.Export(X509ContentType.Pfx, password));
        File.WriteAllText(caPath, certificate.ExportCertificatePem());
        return (pfxPath, caPath);
    }
}
