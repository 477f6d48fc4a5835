using System.Net;
using System.Text;
using System.Xml.Linq;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Api;

public sealed class RpcEndpointTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task UnsignedApiGet_ReturnsMissingSignature()
    {
        var answer = await ApiAnswer.ReadAsync(await _api.Http.GetAsync("/?Action=GetCallerIdentity&Version=2015-04-01"));

        answer.AssertError(HttpStatusCode.BadRequest, "MissingSignature");
    }

    [Fact]
    public async Task UnknownAction_ReturnsInvalidApiNotFound()
    {
        var key = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(key, "DescribeRegions", ApiClient.Ram);

        answer.AssertError(HttpStatusCode.NotFound, "InvalidApi.NotFound");
    }

    [Fact]
    public async Task KnownActionOfAnotherVersion_ReturnsInvalidApiNotFound()
    {
        var key = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(key, "CreateUser", ApiClient.Sts, ("UserName", "bob"));

        answer.AssertError(HttpStatusCode.NotFound, "InvalidApi.NotFound");
    }

    [Fact]
    public async Task DeleteMethod_ReturnsUnsupportedHttpMethod()
    {
        var answer = await ApiAnswer.ReadAsync(await _api.Http.DeleteAsync("/?Action=GetUser"));

        answer.AssertError(HttpStatusCode.BadRequest, "UnsupportedHTTPMethod");
    }

    [Theory]
    [InlineData("GET", "/nothing/here")]
    [InlineData("GET", "/favicon.ico")]
    [InlineData("POST", "/api/v1/users")]
    public async Task UnknownPath_ReturnsJsonNotFound(string method, string path)
    {
        var answer = await ApiAnswer.ReadAsync(await _api.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)));

        answer.AssertError(HttpStatusCode.NotFound, "InvalidApi.NotFound");
    }

    [Fact]
    public async Task OversizeBody_ReturnsRequestTooLarge()
    {
        var body = new StringContent("UserName=" + new string('a', 70 * 1024), Encoding.ASCII, "application/x-www-form-urlencoded");

        var answer = await ApiAnswer.ReadAsync(await _api.Http.PostAsync("/", body));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.RequestTooLarge");
    }

    [Fact]
    public async Task OversizeQuery_ReturnsRequestTooLarge()
    {
        var answer = await ApiAnswer.ReadAsync(await _api.Http.GetAsync("/?Action=GetUser&UserName=" + new string('a', 9000)));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.RequestTooLarge");
    }

    [Fact]
    public async Task TooManyParameters_ReturnsInvalidParameter()
    {
        var query = string.Join('&', Enumerable.Range(0, 201).Select(i => $"P{i}=1"));

        var answer = await ApiAnswer.ReadAsync(await _api.Http.GetAsync("/?Action=GetUser&" + query));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter");
    }

    [Fact]
    public async Task OverlongParameterValue_ReturnsInvalidParameter()
    {
        var answer = await ApiAnswer.ReadAsync(await _api.Http.GetAsync("/?Action=GetUser&UserName=" + new string('a', 5000)));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter");
    }

    [Fact]
    public async Task DuplicateParameter_ReturnsInvalidParameter()
    {
        var key = await factory.CreateAccountAsync();
        var signed = ApiClient.SignV1(key, "GetUser", ApiClient.Ram, [KeyValuePair.Create("UserName", "alice")]);

        var answer = await ApiAnswer.ReadAsync(await _api.Http.GetAsync(signed.PathAndQuery + "&UserName=bob"));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter");
    }

    [Fact]
    public async Task DuplicateParameterAcrossQueryAndForm_ReturnsInvalidParameter()
    {
        var body = new StringContent("UserName=bob", Encoding.ASCII, "application/x-www-form-urlencoded");

        var answer = await ApiAnswer.ReadAsync(await _api.Http.PostAsync("/?Action=GetUser&UserName=alice", body));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter");
    }

    [Theory]
    [InlineData("/?Action=GetUser&UserName=%E0%A4%A&Signature=%%%")]
    [InlineData("/?=&&&=x&Action")]
    [InlineData("/?Action=GetUser&Version=2015-05-01&AccessKeyId=LKnotakey&Signature=abc&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=1&Timestamp=yesterday")]
    [InlineData("/?Action=GetUser&Version=2015-05-01&Signature=abc&Timestamp=2025-01-02T03:04:05Z")]
    public async Task MalformedQuery_ReturnsClientErrorNever500(string pathAndQuery)
    {
        var answer = await ApiAnswer.ReadAsync(await _api.Http.GetAsync(pathAndQuery));

        Assert.InRange((int)answer.Status, 400, 499);
        Assert.NotNull(answer.ErrorCode);
    }

    [Theory]
    [InlineData("ACS3-HMAC-SHA256")]
    [InlineData("ACS3-HMAC-SHA256 Credential=,SignedHeaders=,Signature=")]
    [InlineData("ACS3-HMAC-SHA256 Credential=LKx,SignedHeaders=host;x-acs-date,Signature=zz")]
    [InlineData("ACS3-RSA-SHA256 Credential=LKx,SignedHeaders=host,Signature=00")]
    public async Task MalformedV3Authorization_ReturnsClientErrorNever500(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.TryAddWithoutValidation("x-acs-action", "GetCallerIdentity");
        request.Headers.TryAddWithoutValidation("x-acs-version", ApiClient.Sts);

        var answer = await ApiAnswer.ReadAsync(await _api.Http.SendAsync(request));

        Assert.InRange((int)answer.Status, 400, 499);
        Assert.NotNull(answer.ErrorCode);
    }

    [Fact]
    public async Task InvalidFormat_ReturnsInvalidParameterFormat()
    {
        var key = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(key, "GetCallerIdentity", ApiClient.Sts, ("Format", "YAML"));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.Format");
    }

    [Fact]
    public async Task FormatXml_Success_WritesActionResponseRoot()
    {
        var key = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(key, "GetCallerIdentity", ApiClient.Sts, ("Format", "XML"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/xml; charset=utf-8", answer.ContentType.Replace(";charset", "; charset", StringComparison.Ordinal));
        var root = XDocument.Parse(answer.Text).Root!;
        Assert.Equal("GetCallerIdentityResponse", root.Name.LocalName);
        Assert.Equal(key.AccountId, root.Element("AccountId")!.Value);
        Assert.Equal(answer.RequestIdHeader, root.Element("RequestId")!.Value);
        Assert.Null(root.Element("Code"));
    }

    [Fact]
    public async Task FormatXml_List_RepeatsSingularElements()
    {
        var key = await factory.CreateAccountAsync();
        await _api.CallAsync(key, "CreateUser", ApiClient.Ram, ("UserName", "x1"));
        await _api.CallAsync(key, "CreateUser", ApiClient.Ram, ("UserName", "x2"));

        var answer = await _api.CallAsync(key, "ListUsers", ApiClient.Ram, ("Format", "xml"));

        var root = XDocument.Parse(answer.Text).Root!;
        Assert.Equal("ListUsersResponse", root.Name.LocalName);
        Assert.Equal(["x1", "x2"], root.Element("Users")!.Elements("User").Select(u => u.Element("UserName")!.Value));
        Assert.Equal("false", root.Element("IsTruncated")!.Value);
    }

    [Fact]
    public async Task FormatXml_Error_WritesErrorRootWithStatus()
    {
        var key = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(key, "GetUser", ApiClient.Ram, ("UserName", "nobody"), ("Format", "XML"));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("text/xml; charset=utf-8", answer.ContentType.Replace(";charset", "; charset", StringComparison.Ordinal));
        var root = XDocument.Parse(answer.Text).Root!;
        Assert.Equal("Error", root.Name.LocalName);
        Assert.Equal("EntityNotExist.User", root.Element("Code")!.Value);
        Assert.Equal(answer.RequestIdHeader, root.Element("RequestId")!.Value);
    }

    [Fact]
    public async Task HealthProbes_AnswerHealthy()
    {
        var live = await _api.Http.GetAsync("/health/live");
        var ready = await _api.Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FirstStart_CreatesDatabaseAndMasterKey()
    {
        await _api.Http.GetAsync("/health/ready");

        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "latchkey.db")));
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "master.key")));
    }
}
