using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Signing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.AspNetCore;

/// <summary>
/// Authenticates requests signed with a Latchkey AccessKey (Alibaba Cloud signature V1 or V3) by
/// posting their signed parts to the Latchkey server's verify API, itself signed with the resource
/// server's own key. Requests without a signature get <see cref="AuthenticateResult.NoResult"/>;
/// refused ones are answered with the Alibaba error body and status the server named.
/// </summary>
public sealed class LatchkeyAuthenticationHandler : AuthenticationHandler<LatchkeyAuthenticationOptions>
{
    internal const string HttpClientName = "Latchkey.AspNetCore";
    private const string FailureItem = "Latchkey.AspNetCore.Failure";

    private readonly IHttpClientFactory _httpClients;

    /// <summary>Creates the handler; called by the authentication system.</summary>
    /// <param name="options">The scheme options.</param>
    /// <param name="logger">The logger factory.</param>
    /// <param name="encoder">The URL encoder.</param>
    /// <param name="httpClients">The source of the HttpClient for verify calls.</param>
    public LatchkeyAuthenticationHandler(IOptionsMonitor<LatchkeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, IHttpClientFactory httpClients)
        : base(options, logger, encoder)
    {
        _httpClients = httpClients;
    }

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var request = Request;
        var ct = Context.RequestAborted;
        // A cheap look before the body is read: is there a signature at all? The decision on
        // what the request is comes from the one parse below.
        var isV3 = request.Headers.Authorization.ToString().StartsWith("ACS3-", StringComparison.Ordinal);
        // The query as received, '?' included: the parse and /api/verify both skip it, so no copy is made.
        var rawQuery = request.QueryString.Value ?? string.Empty;
        var isForm = MediaType.IsForm(request.ContentType);
        if (!isV3 && !HasSignatureParameter(rawQuery) && !isForm)
        {
            return AuthenticateResult.NoResult();
        }

        var body = await ReadBodyAsync(request, Options.MaxBodyBytes, ct);
        if (body is null)
        {
            if (!isV3 && !HasSignatureParameter(rawQuery))
            {
                // A large unsigned form post is none of this handler's business.
                return AuthenticateResult.NoResult();
            }

            return Fail(new LatchkeyFailure("InvalidParameter.RequestTooLarge", "The request is larger than this service accepts.", 400, Context.TraceIdentifier));
        }

        // One parse, with the rule the server uses, so that what is checked here is what the
        // server verifies (DESIGN invariant 6).
        var parsed = ParsedRequest.Parse(ToReceivedRequest(request, rawQuery, body));
        if (parsed.SignatureVersion == SignatureVersion.V1 && parsed.Error == SignatureErrors.MissingSignature)
        {
            return AuthenticateResult.NoResult();
        }

        if (parsed.SignatureVersion == SignatureVersion.V1 && !Options.AllowSignatureV1)
        {
            // V1 signs neither the path, nor the host, nor a body that is not a form.
            return Fail(new LatchkeyFailure(SignatureErrors.InvalidSignatureMethod.Code, "Signature V1 is not accepted by this service; sign with V3 (ACS3-HMAC-SHA256).", 400, Context.TraceIdentifier));
        }

        if (parsed.Error is { } shape)
        {
            return Fail(new LatchkeyFailure(shape.Code, shape.Message, shape.HttpStatus, Context.TraceIdentifier));
        }

        if (parsed.SignatureVersion == SignatureVersion.V1 && body.Length > 0 && !parsed.HasFormBody)
        {
            return Fail(new LatchkeyFailure("InvalidParameter", $"A request signed with V1 must have an empty body or a {MediaType.Form} body.", 400, Context.TraceIdentifier));
        }

        if (parsed.SignatureVersion == SignatureVersion.V3 && !SignedHost.IsAllowed(parsed.Host, Options.AllowedHosts))
        {
            var refused = SignatureErrors.HostNotAllowed;
            Log.Refused(Logger, refused.Code, Context.TraceIdentifier);
            return Fail(new LatchkeyFailure(refused.Code, refused.Message, refused.HttpStatus, Context.TraceIdentifier));
        }

        var verifyBody = BuildVerifyBody(request, rawQuery, body, parsed.SignatureVersion == SignatureVersion.V3);
        HttpResponseMessage response;
        try
        {
            response = await SendVerifyAsync(verifyBody, ct);
        }
        catch (HttpRequestException exception)
        {
            Log.Unreachable(Logger, exception);
            return Fail(new LatchkeyFailure("ServiceUnavailable", "The request could not be verified; try again later.", 503, Context.TraceIdentifier));
        }

        using (response)
        {
            JsonObject? answer;
            try
            {
                answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
            }
            catch (JsonException)
            {
                answer = null;
            }

            if (answer is null)
            {
                return Fail(new LatchkeyFailure("ServiceUnavailable", "The request could not be verified; try again later.", 503, Context.TraceIdentifier));
            }

            var requestId = Text(answer, "RequestId") ?? Context.TraceIdentifier;
            if (response.IsSuccessStatusCode && answer["Principal"] is JsonObject principal)
            {
                Context.Features.Set(new LatchkeySignedRequest(parsed));
                if (answer["Authorization"] is JsonObject decision)
                {
                    new LatchkeyDecision(
                        Text(decision, "Action") ?? "",
                        Text(decision, "Resource") ?? "",
                        Text(decision, "Decision") == "Allow",
                        Text(decision, "Code"),
                        Text(decision, "Message"),
                        decision["AccessDeniedDetail"]?.DeepClone() as JsonObject).Store(Context);
                }

                return Success(principal, answer, requestId);
            }

            var code = Text(answer, "Code") ?? "InternalError";
            var message = Text(answer, "Message") ?? "The request could not be verified.";
            if (Text(answer, "Scope") != "Request")
            {
                // The resource server's own key or permission is wrong: not the client's fault, and
                // the client must not learn anything about this server's credentials.
                Log.VerifyCallRefused(Logger, code, message);
                return Fail(new LatchkeyFailure("InternalError", "The request could not be verified.", 500, requestId));
            }

            Log.Refused(Logger, code, requestId);
            var status = answer["HttpStatus"] is JsonValue value && value.TryGetValue<int>(out var s) ? s : (int)response.StatusCode;
            return Fail(new LatchkeyFailure(code, message, status, requestId));
        }
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items.TryGetValue(FailureItem, out var item) && item is LatchkeyFailure f
            ? f
            : new LatchkeyFailure(SignatureErrors.MissingSignature.Code, SignatureErrors.MissingSignature.Message, SignatureErrors.MissingSignature.HttpStatus, Context.TraceIdentifier);
        return WriteErrorAsync(failure);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // The Latchkey server's refusal, with its AccessDeniedDetail, when it decided this request.
        var decision = LatchkeyDecision.Of(Context);
        var message = decision is { IsAllowed: false, Message: { } text } ? text : "You are not authorized to do this action.";
        return WriteErrorAsync(new LatchkeyFailure("NoPermission", message, 403, Context.TraceIdentifier), decision is { IsAllowed: false } ? decision.AccessDeniedDetail : null);
    }

    private AuthenticateResult Success(JsonObject principal, JsonObject answer, string requestId)
    {
        var claims = new List<Claim>();
        AddClaim(claims, LatchkeyClaimTypes.AccountId, principal);
        AddClaim(claims, LatchkeyClaimTypes.UserId, principal);
        AddClaim(claims, LatchkeyClaimTypes.UserName, principal);
        AddClaim(claims, LatchkeyClaimTypes.Arn, principal);
        AddClaim(claims, LatchkeyClaimTypes.AccessKeyId, principal);
        AddClaim(claims, LatchkeyClaimTypes.IdentityType, principal);
        AddClaim(claims, LatchkeyClaimTypes.PrincipalId, principal);
        AddClaim(claims, LatchkeyClaimTypes.Action, answer);
        AddClaim(claims, LatchkeyClaimTypes.Version, answer);
        var identity = new ClaimsIdentity(claims, Scheme.Name, LatchkeyClaimTypes.Arn, ClaimTypes.Role);
        Log.Verified(Logger, Text(principal, "AccessKeyId") ?? "", Text(principal, "Arn") ?? "", requestId);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private AuthenticateResult Fail(LatchkeyFailure failure)
    {
        Context.Items[FailureItem] = failure;
        return AuthenticateResult.Fail(failure.Code);
    }

    private async Task WriteErrorAsync(LatchkeyFailure failure, JsonObject? accessDeniedDetail = null)
    {
        var response = Response;
        response.StatusCode = failure.HttpStatus;
        response.ContentType = "application/json;charset=utf-8";
        response.Headers.CacheControl = "no-store";
        var body = new JsonObject
        {
            ["RequestId"] = failure.RequestId,
            ["HostId"] = Request.Host.Host,
            ["Code"] = failure.Code,
            ["Message"] = failure.Message,
        };
        if (accessDeniedDetail is not null)
        {
            body["AccessDeniedDetail"] = accessDeniedDetail.DeepClone();
        }

        await response.WriteAsync(body.ToJsonString(), Context.RequestAborted);
    }

    private byte[] BuildVerifyBody(HttpRequest request, string rawQuery, byte[] body, bool isV3)
    {
        var headers = new JsonObject();
        var signed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "authorization", "host", "content-type" };
        if (isV3 && request.Headers.Authorization.ToString() is var authorization)
        {
            var start = authorization.IndexOf("SignedHeaders=", StringComparison.Ordinal);
            if (start >= 0)
            {
                var end = authorization.IndexOf(',', start);
                var list = end < 0 ? authorization[(start + 14)..] : authorization[(start + 14)..end];
                signed.UnionWith(list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        foreach (var (name, values) in request.Headers)
        {
            if (signed.Contains(name) || name.StartsWith("x-acs-", StringComparison.OrdinalIgnoreCase))
            {
                headers[name.ToLowerInvariant()] = values.Count == 1 ? values[0] : string.Join(',', (IEnumerable<string?>)values);
            }
        }

        var verify = new JsonObject
        {
            ["Method"] = request.Method,
            ["Host"] = request.Host.Value,
            ["Path"] = (request.PathBase + request.Path).ToUriComponent() is { Length: > 0 } path ? path : "/",
            ["Query"] = rawQuery,
            ["Headers"] = headers,
            ["Body"] = Convert.ToBase64String(body),
            ["ContentType"] = request.ContentType,
            ["SourceIp"] = Context.Connection.RemoteIpAddress?.ToString(),
            ["AllowedHosts"] = new JsonArray([.. Options.AllowedHosts.Select(static host => (JsonNode?)JsonValue.Create(host))]),
        };

        // An endpoint that requires a Latchkey action asks for the decision in the same call.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<LatchkeyActionRequirement>() is { } required)
        {
            verify["Authorize"] = new JsonObject
            {
                ["Action"] = required.Action,
                ["Resource"] = LatchkeyDecision.ResolveResource(required.Resource, Context),
                ["Context"] = new JsonObject { ["acs:SecureTransport"] = request.IsHttps },
            };
        }

        return Encoding.UTF8.GetBytes(verify.ToJsonString());
    }

    private async Task<HttpResponseMessage> SendVerifyAsync(byte[] verifyBody, CancellationToken ct)
    {
        var endpoint = Options.Endpoint!;
        var target = new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + LatchkeyAuthenticationDefaults.VerifyPath);
        var signed = RequestSigner.SignV3Request(
            "POST",
            target.AbsolutePath,
            verifyBody,
            "application/json",
            LatchkeyAuthenticationDefaults.VerifyAction,
            LatchkeyAuthenticationDefaults.VerifyVersion,
            Options.AccessKeyId!,
            Options.AccessKeySecret!,
            target.IsDefaultPort ? target.Host : $"{target.Host}:{target.Port}",
            RequestSigner.NewNonce(),
            TimeProvider.GetUtcNow());
        using var message = new HttpRequestMessage(HttpMethod.Post, target);
        foreach (var (name, value) in signed.Headers)
        {
            if (name != "host")
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Content = new ByteArrayContent(signed.Body.ToArray());
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(signed.ContentType!);
        var client = Options.Backchannel ?? _httpClients.CreateClient(HttpClientName);
        return await client.SendAsync(message, ct);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return null;
        }

        // Buffered so that the endpoint behind the handler can still read the body.
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: maxBytes);
        using var copy = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > maxBytes)
            {
                request.Body.Position = 0;
                return null;
            }
        }

        request.Body.Position = 0;
        return copy.ToArray();
    }

    private static ReceivedRequest ToReceivedRequest(HttpRequest request, string rawQuery, byte[] body)
    {
        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values.Count == 1 ? values[0] ?? string.Empty : string.Join(',', (IEnumerable<string?>)values);
        }

        var path = (request.PathBase + request.Path).ToUriComponent();
        return new ReceivedRequest(request.Method, path.Length > 0 ? path : "/", rawQuery, headers, body, request.ContentType);
    }

    private static bool HasSignatureParameter(string query)
    {
        var formOrQuery = query.AsSpan(query.StartsWith('?') ? 1 : 0);
        foreach (var range in formOrQuery.Split('&'))
        {
            var pair = formOrQuery[range];
            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair[..eq];
            if (name.SequenceEqual("Signature"))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddClaim(List<Claim> claims, string type, JsonObject source)
    {
        if (Text(source, type) is { Length: > 0 } value)
        {
            claims.Add(new Claim(type, value));
        }
    }

    private static string? Text(JsonObject source, string name) =>
        source[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
