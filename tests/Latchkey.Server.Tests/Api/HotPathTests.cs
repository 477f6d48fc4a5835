using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Server.Api;
using Latchkey.Server.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.Server.Tests.Api;

/// <summary>
/// The allocation cuts on the API's hot path (docs/performance.md) keep every answer as it was:
/// the JSON success body written straight to UTF-8 is byte for byte what the JsonObject DOM wrote,
/// the unsigned-root check reads the query names as HttpRequest.Query decodes them, request ids
/// keep their shape, and a request without a body is read as empty.
/// </summary>
public sealed class HotPathTests
{
    public static TheoryData<object?> Bodies() => new()
    {
        null,
        new { },
        new { IdentityType = "Account", AccountId = "1234567890123456", Arn = "acs:ram::1234567890123456:root" },
        new { UserName = "张三 😀", Comments = "<b>&'\"\\/\u0001\u2028", Email = (string?)null, Count = 3, Enabled = true, Ratio = 0.25 },
        new { CreateDate = new DateTimeOffset(2026, 12, 1, 18, 0, 0, 123, TimeSpan.FromHours(8)) },
        new
        {
            IsTruncated = false,
            AccessKeys = new { AccessKey = new object[] { new { AccessKeyId = "LK1", Status = "Active" }, new { AccessKeyId = "LK2", Status = "Inactive" } } },
            Empty = new { Items = Array.Empty<string>() },
        },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task JsonSuccessBody_IsByteForByteWhatTheDomWrote(object? body)
    {
        var context = NewContext("GET", out var output);
        var requestId = RequestIds.For(context);

        await ApiResponseWriter.WriteSuccessAsync(context, ResponseFormat.Json, "GetUser", body);

        Assert.Equal(DomBody(requestId, body), Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(output.Length, context.Response.ContentLength);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(ApiResponseWriter.JsonContentType, context.Response.ContentType);
        Assert.Equal(requestId, context.Response.Headers[RequestIds.HeaderName].ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
    }

    /// <summary>The bodies that write their own members (IJsonMembers), in every shape they take.</summary>
    public static TheoryData<object> OwnMembers() => new()
    {
        new Latchkey.Server.Api.Sts.GetCallerIdentity.Response("Account", "1234567890123456", "1234567890123456", "1234567890123456", "acs:ram::1234567890123456:root", null),
        new Latchkey.Server.Api.Sts.GetCallerIdentity.Response("RAMUser", "1234567890123456", "200000000000001", "200000000000001", "acs:ram::1234567890123456:user/张三<&>'\"\u2028", null),
        new Latchkey.Server.Api.Sts.GetCallerIdentity.Response("AssumedRoleUser", "1234567890123456", null, "300000000000001:s", "acs:ram::1234567890123456:assumed-role/r/s", "300000000000001"),
        new Latchkey.Server.Api.AccessKeys.ListAccessKeys.Response(new([])),
        new Latchkey.Server.Api.AccessKeys.ListAccessKeys.Response(new([new("LTAI5tExample0001", "Active", new DateTimeOffset(2026, 12, 1, 23, 59, 59, 999, TimeSpan.FromHours(-5)))])),
        new Latchkey.Server.Api.AccessKeys.ListAccessKeys.Response(new([
            new("LTAI5tExample0001", "Active", new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            new("LTAI5tExample0002", "Inactive", new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)),
        ])),
    };

    [Theory]
    [MemberData(nameof(OwnMembers))]
    public async Task JsonSuccessBody_WrittenByTheBodyItself_IsByteForByteWhatTheSerializerWrote(object body)
    {
        Assert.IsAssignableFrom<IJsonMembers>(body);
        var context = NewContext("GET", out var output);
        var requestId = RequestIds.For(context);

        await ApiResponseWriter.WriteSuccessAsync(context, ResponseFormat.Json, "GetCallerIdentity", body);

        Assert.Equal(DomBody(requestId, body), Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(output.Length, context.Response.ContentLength);
    }

    [Fact]
    public async Task JsonSuccessBody_LargerThanTheFirstBuffer_IsWhole()
    {
        var body = new { Users = new { User = Enumerable.Range(0, 2000).Select(i => new { UserName = $"user-{i}", DisplayName = $"名前 {i}" }).ToArray() } };
        var context = NewContext("GET", out var output);
        var requestId = RequestIds.For(context);

        await ApiResponseWriter.WriteSuccessAsync(context, ResponseFormat.Json, "ListUsers", body);
        var again = NewContext("GET", out var second);
        await ApiResponseWriter.WriteSuccessAsync(again, ResponseFormat.Json, "GetCallerIdentity", new { Arn = "a" });

        Assert.Equal(DomBody(requestId, body), Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(DomBody(RequestIds.For(again), new { Arn = "a" }), Encoding.UTF8.GetString(second.ToArray()));
    }

    [Fact]
    public async Task JsonSuccessBody_ForHead_SetsTheLengthButWritesNothing()
    {
        var context = NewContext("HEAD", out var output);

        await ApiResponseWriter.WriteSuccessAsync(context, ResponseFormat.Json, "GetCallerIdentity", new { Arn = "a" });

        Assert.Equal(0, output.Length);
        Assert.Equal(Encoding.UTF8.GetByteCount(DomBody(RequestIds.For(context), new { Arn = "a" })), context.Response.ContentLength);
    }

    public static TheoryData<string, string?> Errors() => new()
    {
        { "plain", null },
        { "plain", "https://docs.example.com/errors/" },
        { "denied", null },
        { "unicode", null },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task JsonErrorBody_IsByteForByteWhatTheDomWrote(string kind, string? documentationBase)
    {
        var error = kind switch
        {
            "denied" => Latchkey.Core.Results.Errors.Request.InvalidParameter with
            {
                Code = "NoPermission",
                HttpStatus = 403,
                AccessDenied = new Latchkey.Core.Results.AccessDeniedDetail("ram:GetUser", "SubUser", "1234567890123456", "alice@x", "ImplicitDeny", "ImplicitDeny", "eyJ<&>'\u00e9"),
            },
            "unicode" => Latchkey.Core.Results.Errors.Request.InvalidParameter.WithMessage("The parameter \"名前\" <b>&'\u0001 is wrong."),
            _ => Latchkey.Core.Results.Errors.Request.InvalidParameter,
        };
        var writer = new ApiResponseWriter(Microsoft.Extensions.Options.Options.Create(new ApiOptions { ErrorDocumentationBaseUrl = documentationBase }));
        var context = NewContext("POST", out var output);
        context.Request.Host = new HostString("latchkey.example.com:8443");

        await writer.WriteErrorAsync(context, ResponseFormat.Json, error);

        Assert.Equal(writer.ErrorBodyOf(context, error).ToJsonString(ApiResponseWriter.SerializerOptions), Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(error.HttpStatus, context.Response.StatusCode);
        Assert.Equal(output.Length, context.Response.ContentLength);
        Assert.Equal(RequestIds.For(context), context.Response.Headers[RequestIds.HeaderName].ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        Assert.Equal(error.Code, context.Features.Get<ApiRequestState>()!.Outcome);
    }

    [Fact]
    public void RequestIds_AreUpperCaseUuids_OncePerRequest()
    {
        var context = NewContext("GET", out _);
        var id = RequestIds.For(context);

        Assert.Matches("^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$", id);
        Assert.Same(id, RequestIds.For(context));
        Assert.NotEqual(id, RequestIds.For(NewContext("GET", out _)));

        // Random version-4 UUIDs across more than one batch of the thread's random bytes: all distinct, all well-formed.
        var many = Enumerable.Range(0, 1000).Select(_ => RequestIds.NewId()).ToList();
        Assert.Equal(many.Count, many.Distinct(StringComparer.Ordinal).Count());
        Assert.All(many, other => Assert.Matches("^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$", other));
        Assert.All(many, other => Assert.Equal(4, Guid.Parse(other).Version));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("?", true)]
    [InlineData("?Foo=1&Bar", true)]
    [InlineData("?Actions=1&XSignature=2", true)]
    [InlineData("?Action=GetUser", false)]
    [InlineData("?a=1&Signature=x", false)]
    [InlineData("?Signature", false)]
    [InlineData("?%41ction=GetUser", false)]
    [InlineData("?Sig%6Eature=x", false)]
    [InlineData("?Action+=1", true)]
    [InlineData("?&&Action=", false)]
    public void UnsignedRootRequest_ReadsQueryNamesAsHttpRequestQueryDoes(string query, bool isUnsigned)
    {
        var context = NewContext("GET", out _);
        context.Request.QueryString = new QueryString(query);
        var byCollection = !context.Request.Query.ContainsKey("Action") && !context.Request.Query.ContainsKey("Signature");

        Assert.Equal(isUnsigned, UnsignedRootRequest.Matches(context.Request));
        Assert.Equal(byCollection, UnsignedRootRequest.Matches(context.Request));
    }

    [Fact]
    public async Task RequestBody_OfARequestThatCannotHaveOne_IsEmpty()
    {
        var context = NewContext("GET", out _);
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(false));
        context.Request.Body = new MemoryStream([1, 2, 3]);

        var body = await RequestBodies.ReadAsync(context.Request, 1024, CancellationToken.None);

        Assert.True(body is { IsEmpty: true });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RequestBody_DeclaredOrChunked_IsReadWhole_AndRefusedPastTheLimit(bool declared)
    {
        var bytes = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        var context = NewContext("POST", out _);
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(true));
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = declared ? bytes.Length : null;

        var body = await RequestBodies.ReadAsync(context.Request, 20_000, CancellationToken.None);
        context.Request.Body = new MemoryStream(bytes);
        var tooLarge = await RequestBodies.ReadAsync(context.Request, 9_999, CancellationToken.None);

        Assert.Equal(bytes, body!.Value.ToArray());
        Assert.Null(tooLarge);
    }

    // What ApiResponseWriter wrote before: RequestId first, then the body's members, through a JsonObject.
    private static string DomBody(string requestId, object? body)
    {
        var root = new JsonObject { ["RequestId"] = requestId };
        if (body is not null && JsonSerializer.SerializeToNode(body, body.GetType(), ApiResponseWriter.SerializerOptions) is JsonObject members)
        {
            foreach (var name in members.Select(m => m.Key).ToList())
            {
                var value = members[name];
                members.Remove(name);
                root[name] = value;
            }
        }

        return root.ToJsonString(ApiResponseWriter.SerializerOptions);
    }

    private static DefaultHttpContext NewContext(string method, out MemoryStream output)
    {
        output = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(output));
        return context;
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; } = canHaveBody;
    }
}
