using System.Net;
using Latchkey.Core;
using Latchkey.Core.Accounts;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Authentication;
using Latchkey.Core.Principals;
using Latchkey.Server.Tests.Console;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Hosting;

/// <summary>
/// Behind a proxy at 10.0.0.5 that terminates TLS: forwarded headers count only from the proxies
/// configured. The connection's address is set by a filter in front of the pipeline, as Kestrel
/// would set it for a proxy connecting from there.
/// </summary>
public sealed class ProxyTests
{
    private const string Password = "Str0ng!Passw0rd";
    private const string ProxyAddress = "10.0.0.5";
    private const string ClientAddress = "203.0.113.77";

    [Theory]
    [InlineData("Proxy:KnownProxies:0", ProxyAddress)]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/24")]
    public async Task TrustedProxy_ClientAddressAndHttpsReachCookiesHstsAuditAndLastUse(string setting, string value)
    {
        using var factory = new ProxiedFactory((setting, value));
        var (name, key) = await CreateAccountAsync(factory);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://latchkey.example/") });

        using var logon = await LogOnAsync(client, name);
        Assert.Equal(HttpStatusCode.Redirect, logon.StatusCode);
        var cookie = Assert.Single(logon.Headers.GetValues("Set-Cookie"), c => c.StartsWith("latchkey.console=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("max-age=31536000", logon.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);

        Assert.Equal(ClientAddress, await LastUseAddressAsync(factory, client, key));
        (await new ApiClient(client).CallAsync(key, "CreateUser", ApiClient.Ram, ("UserName", "via-proxy"))).AssertSuccess();
        var audit = await factory.Services.GetRequiredService<ILatchkeyStore>().ListAuditEventsAsync(key.AccountId, null, 10, CancellationToken.None);
        Assert.Equal(ClientAddress, Assert.Single(audit.Value.Items, e => e.EventName == "CreateUser").SourceIp);
    }

    [Fact]
    public async Task UntrustedProxy_ForwardedHeadersAreIgnored()
    {
        using var factory = new ProxiedFactory(("Proxy:KnownProxies:0", "10.9.9.9"));
        var (name, key) = await CreateAccountAsync(factory);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://latchkey.example/") });

        using var logon = await LogOnAsync(client, name);
        Assert.Equal(HttpStatusCode.Redirect, logon.StatusCode);
        var cookie = Assert.Single(logon.Headers.GetValues("Set-Cookie"), c => c.StartsWith("latchkey.console=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(logon.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(ProxyAddress, await LastUseAddressAsync(factory, client, key));
    }

    [Fact]
    public async Task NoProxyConfigured_EvenLoopbackIsNotTrusted()
    {
        using var factory = new ProxiedFactory(connectionAddress: "127.0.0.1");
        var (_, key) = await CreateAccountAsync(factory);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://latchkey.example/") });

        Assert.Equal("127.0.0.1", await LastUseAddressAsync(factory, client, key));
    }

    [Fact]
    public void BadProxySetting_StopsStartUp()
    {
        using var factory = new ProxiedFactory(("Proxy:KnownNetworks:0", "not-a-network"));

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("Proxy:KnownNetworks", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> LogOnAsync(HttpClient client, string name)
    {
        using var page = await client.GetAsync(new Uri("/console/logon", UriKind.Relative));
        var token = ConsoleSession.TokenIn(await page.Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/logon")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("LogonName", name), KeyValuePair.Create("Password", Password), KeyValuePair.Create("__RequestVerificationToken", token)]),
        };
        foreach (var cookie in page.Headers.GetValues("Set-Cookie"))
        {
            request.Headers.Add("Cookie", cookie.Split(';')[0]);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string?> LastUseAddressAsync(ProxiedFactory factory, HttpClient client, TestAccount key)
    {
        var api = new ApiClient(client);
        (await api.CallAsync(key, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
        await factory.Services.GetRequiredService<LastUseRecorder>().FlushAllAsync(CancellationToken.None);
        var stored = await factory.Services.GetRequiredService<ILatchkeyStore>().FindAccessKeyAsync(key.AccessKeyId, CancellationToken.None);
        return stored?.Key.LastUse?.SourceIp;
    }

    private static async Task<(string Name, TestAccount Key)> CreateAccountAsync(ProxiedFactory factory)
    {
        var name = "proxied-" + Guid.NewGuid().ToString("N")[..10];
        var account = await factory.Services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", CancellationToken.None);
        Assert.True(account.IsSuccess);
        var actor = new AuditContext(new Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "test");
        var key = await factory.Services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        return (name, new TestAccount(account.Value.AccountId, key.Value.Key.AccessKeyId, key.Value.Secret.Reveal()));
    }

    private sealed class ProxiedFactory(params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
    {
        private readonly string _dataDirectory = Directory.CreateTempSubdirectory("latchkey-proxy-tests-").FullName;
        private readonly string _connectionAddress = ProxyAddress;

        public ProxiedFactory(string connectionAddress)
            : this()
        {
            _connectionAddress = connectionAddress;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:DataDirectory", _dataDirectory);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new ProxyConnection(_connectionAddress)));
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder; nothing depends on it.
            }
        }
    }

    /// <summary>Every request arrives from the proxy's address, carrying the client's address and https.</summary>
    private sealed class ProxyConnection(string address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextStep) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                context.Request.Headers["X-Forwarded-For"] = ClientAddress;
                context.Request.Headers["X-Forwarded-Proto"] = "https";
                return nextStep(context);
            });
            next(app);
        };
    }
}
