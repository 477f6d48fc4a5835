using System.Net;
using System.Text;
using Latchkey.Server.Api;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Signing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Tests.Api;

/// <summary>
/// The RPC endpoint's branch ahead of routing (<see cref="ApiOptions.AnswerRootBeforeRouting"/>,
/// docs/performance.md) answers exactly what the routed pipeline answered: the same request sent
/// to a server with the branch (the default) and to one that routes '/' gets the same status, the
/// same headers and a byte-identical body once each server's own ids (RequestId, AccountId,
/// AccessKeyId, UserId) are replaced by placeholders. Other paths still go through routing.
/// </summary>
public sealed class RootBranchTests(RootBranchTests.Servers servers) : IClassFixture<RootBranchTests.Servers>
{
    private const string FixedNonce = "root-branch-test-nonce";

    /// <summary>Two servers on their own data folders: the default (with the branch) and one that routes '/'.</summary>
    public sealed class Servers : IAsyncLifetime, IDisposable
    {
        private readonly LatchkeyFactory _branchFactory = new();
        private readonly LatchkeyFactory _routedFactory = new();

        public WebApplicationFactory<Program> Branch => _branchFactory;

        public WebApplicationFactory<Program> Routed { get; private set; } = null!;

        public TestAccount BranchKey { get; private set; } = null!;

        public TestAccount RoutedKey { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Routed = _routedFactory.WithWebHostBuilder(builder => builder.UseSetting("Api:AnswerRootBeforeRouting", "false"));
            BranchKey = await CreateAccountAsync(Branch);
            RoutedKey = await CreateAccountAsync(Routed);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose()
        {
            Routed?.Dispose();
            _routedFactory.Dispose();
            _branchFactory.Dispose();
        }
    }

    public static TheoryData<string> Requests() =>
    [
        "unsigned GET /",
        "unsigned HEAD /",
        "unsigned GET / with a query",
        "unsigned API GET",
        "DELETE /",
        "PUT / with a body",
        "oversize query",
        "oversize body",
        "body that is not a form",
        "V1 GetCallerIdentity",
        "V1 GetCallerIdentity as XML",
        "V1 GetCallerIdentity as a form POST",
        "V3 GetCallerIdentity",
        "V3 ListAccessKeys",
        "V1 ListUsers",
        "V1 wrong signature",
        "V1 unknown action",
        "V1 expired timestamp",
        "GET /nothing/here",
        "POST /api/v1/users",
        "GET /health/live",
        "POST /health/live",
        "GET /console",
        "GET /docs/errors/SignatureDoesNotMatch",
        "GET //",
    ];

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task The_branch_answers_what_the_routed_pipeline_answered(string request)
    {
        // One timestamp for both, so that even a StringToSign quoted in an error is the same.
        var now = TimeProvider.System.GetUtcNow();
        var (branchStatus, branchHeaders, branchBody) = await SendAsync(servers.Branch.CreateClient(new() { AllowAutoRedirect = false }), servers.BranchKey, request, now);
        var (routedStatus, routedHeaders, routedBody) = await SendAsync(servers.Routed.CreateClient(new() { AllowAutoRedirect = false }), servers.RoutedKey, request, now);

        Assert.Equal(routedStatus, branchStatus);
        Assert.Equal(routedHeaders, branchHeaders);
        Assert.Equal(routedBody, branchBody);
    }

    [Fact]
    public void Hosting_starts_no_activity_or_log_scope_per_request()
    {
        // Hosting creates both whenever its diagnostics category is enabled at any level.
        var loggers = servers.Branch.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Critical));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger(typeof(ApiErrorMiddleware).FullName!).IsEnabled(LogLevel.Error));
    }

    [Fact]
    public void Only_exactly_the_root_path_takes_the_branch()
    {
        Assert.True(ApiEndpoints.IsRoot(new("/")));
        foreach (var other in new[] { "", "//", "/a", "/console", "/health/live", "/ " })
        {
            Assert.False(ApiEndpoints.IsRoot(other.Length == 0 ? default : new(other)), other);
        }
    }

    private static async Task<TestAccount> CreateAccountAsync(WebApplicationFactory<Program> factory)
    {
        var services = factory.Services;
        var account = await services.GetRequiredService<Core.Accounts.AccountService>().CreateAsync("acct-" + Guid.NewGuid().ToString("N")[..12], "Str0ng!Passw0rd", "127.0.0.1", "test", CancellationToken.None);
        var actor = new Core.Audit.AuditContext(new Core.Principals.Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "test");
        var key = await services.GetRequiredService<Core.AccessKeys.AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        return new TestAccount(account.Value.AccountId, key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());
    }

    private static async Task<(HttpStatusCode Status, string Headers, string Body)> SendAsync(HttpClient http, TestAccount key, string request, DateTimeOffset now)
    {
        var api = new ApiClient(http);
        using var response = request switch
        {
            "unsigned GET /" => await http.GetAsync("/"),
            "unsigned HEAD /" => await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/")),
            "unsigned GET / with a query" => await http.GetAsync("/?utm_source=x&a+b=%41"),
            "unsigned API GET" => await http.GetAsync("/?Action=GetCallerIdentity&Version=2015-04-01"),
            "DELETE /" => await http.DeleteAsync("/?Action=GetUser"),
            "PUT / with a body" => await http.PutAsync("/", new StringContent("Action=GetUser", Encoding.ASCII, "application/x-www-form-urlencoded")),
            "oversize query" => await http.GetAsync("/?Action=GetUser&UserName=" + new string('a', 9000)),
            "oversize body" => await http.PostAsync("/", new StringContent("UserName=" + new string('a', 70 * 1024), Encoding.ASCII, "application/x-www-form-urlencoded")),
            "body that is not a form" => await http.PostAsync("/?Action=GetCallerIdentity&Version=2015-04-01", new StringContent("{}", Encoding.ASCII, "application/json")),
            "V1 GetCallerIdentity" => await api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, nonce: FixedNonce, timestamp: now)),
            "V1 GetCallerIdentity as XML" => await api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, [new("Format", "XML")], nonce: FixedNonce, timestamp: now)),
            "V1 GetCallerIdentity as a form POST" => await api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, method: "POST", nonce: FixedNonce, timestamp: now)),
            "V3 GetCallerIdentity" => await api.SendAsync(ApiClient.SignV3(key, "GetCallerIdentity", ApiClient.Sts, timestamp: now)),
            "V3 ListAccessKeys" => await api.SendAsync(ApiClient.SignV3(key, "ListAccessKeys", ApiClient.Ram, timestamp: now)),
            "V1 ListUsers" => await api.SendAsync(ApiClient.SignV1(key, "ListUsers", ApiClient.Ram, nonce: FixedNonce, timestamp: now)),
            "V1 wrong signature" => await api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, nonce: FixedNonce, timestamp: now, secret: "wrong-secret")),
            "V1 unknown action" => await api.SendAsync(ApiClient.SignV1(key, "DescribeRegions", ApiClient.Ram, nonce: FixedNonce, timestamp: now)),
            "V1 expired timestamp" => await api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, nonce: FixedNonce, timestamp: new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero))),
            "GET /nothing/here" => await http.GetAsync("/nothing/here"),
            "POST /api/v1/users" => await http.PostAsync("/api/v1/users", null),
            "GET /health/live" => await http.GetAsync("/health/live"),
            "POST /health/live" => await http.PostAsync("/health/live", null),
            "GET /console" => await http.GetAsync("/console"),
            "GET /docs/errors/SignatureDoesNotMatch" => await http.GetAsync("/docs/errors/SignatureDoesNotMatch"),
            "GET //" => await http.GetAsync(new Uri(http.BaseAddress!.GetLeftPart(UriPartial.Authority) + "//")),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };

        var body = await response.Content.ReadAsStringAsync();
        var requestId = response.Headers.TryGetValues(RequestIds.HeaderName, out var ids) ? ids.Single() : null;
        var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers)
            .Where(h => !h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(h => h.Key + ": " + Normalize(string.Join(',', h.Value), key, requestId)));
        return (response.StatusCode, headers, Normalize(body, key, requestId));
    }

    /// <summary>Each server's own ids and the keys' creation times replaced by placeholders; everything else compared as sent.</summary>
    private static string Normalize(string text, TestAccount key, string? requestId)
    {
        if (requestId is not null)
        {
            text = text.Replace(requestId, "<RequestId>", StringComparison.Ordinal);
        }

        text = System.Text.RegularExpressions.Regex.Replace(text, @"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<Time>");
        return text
            .Replace(key.AccessKeyId, "<AccessKeyId>", StringComparison.Ordinal)
            .Replace(key.AccountId, "<AccountId>", StringComparison.Ordinal);
    }
}
