using System.Text.Json.Nodes;
using System.Text.Json;
using System.Net;
using System.Text;
using Latchkey.Core.Authentication;
using Latchkey.Core.Authorization;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using Latchkey.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Api.Verify;

/// <summary>
/// <c>POST /api/verify</c>, the service-to-service path: a resource server posts the parts of a
/// signed request it received and gets back the principal or the exact error to answer with.
/// The call itself is a V3-signed request of the resource server's own key (action
/// <see cref="Action"/>), allowed for the account and for RAM users allowed <see cref="CallerAction"/> on <c>user/*</c>.
/// Both requests go through Core's <see cref="RequestAuthenticator"/>: time window, signature and
/// nonce (consumed here, so a replay to any resource server is refused).
/// </summary>
internal static class VerifyEndpoint
{
    public const string Path = "/api/verify";
    public const string Action = "VerifyRequest";
    public const string Version = "2025-01-01";

    /// <summary>The RAM action a RAM user's key needs to call the verify API.</summary>
    public const string CallerAction = "ram:GetUser";

    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    public static IEndpointRouteBuilder MapVerifyEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var authenticator = services.GetRequiredService<RequestAuthenticator>();
        var limits = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VerifyEndpoint));
        var requestId = RequestIds.For(context);
        var request = context.Request;
        var ct = context.RequestAborted;

        // The verified request's body travels base64-encoded inside this one.
        var body = await RequestBodies.ReadAsync(request, (limits.MaxBodyBytes * 2) + (64 * 1024), ct);
        if (body is null)
        {
            await FailAsync(context, logger, VerifyScope.VerifyCall, Errors.Request.TooLarge);
            return;
        }

        var rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        var sourceIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var call = ParsedRequest.Parse(new ReceivedRequest(request.Method, Path, rawQuery, new RequestHeaders(request.Headers), body.Value, request.ContentType));
        if (call.SignatureVersion != SignatureVersion.V3 && call.Error != SignatureErrors.MissingSignature)
        {
            // V1 signs neither the path nor a JSON body: the request to verify would be unsigned.
            await FailAsync(context, logger, VerifyScope.VerifyCall, Errors.FromSignature(SignatureErrors.InvalidSignatureMethod)
                .WithMessage("The verify call must be signed with signature V3 (ACS3-HMAC-SHA256), which covers its path and body."));
            return;
        }

        if (call.Error is null && (call.Action != Action || call.Version != Version))
        {
            await FailAsync(context, logger, VerifyScope.VerifyCall, Errors.Request.ApiNotFound);
            return;
        }

        var caller = await authenticator.AuthenticateAsync(call, sourceIp, requestId, ct);
        if (!caller.IsSuccess)
        {
            await FailAsync(context, logger, VerifyScope.VerifyCall, caller.Error);
            return;
        }

        // Verifying tells the resource server who a user of the account is: authorized as RAM
        // GetUser on any user of the account, so AliyunRAMReadOnlyAccess (ram:Get*) suffices.
        var callerPrincipal = caller.Value.Principal;
        var facts = new AuthorizationContext(context.Connection.RemoteIpAddress, services.GetRequiredService<TimeProvider>().GetUtcNow(), request.IsHttps, mfaPresent: false);
        if (await services.GetRequiredService<Authorizer>().AuthorizeAsync(callerPrincipal, CallerAction, [ResourceNames.User(callerPrincipal.AccountId, "*")], facts, ct) is { } denied)
        {
            await FailAsync(context, logger, VerifyScope.VerifyCall, denied);
            return;
        }

        if (!TryRead(body.Value, out var verified, out var readError))
        {
            await FailAsync(context, logger, VerifyScope.VerifyCall, readError);
            return;
        }

        var parsed = ParsedRequest.Parse(verified.Request);
        if (parsed.Error is null && parsed.SignatureVersion == SignatureVersion.V3 && verified.AllowedHosts is { Count: > 0 } hosts
            && !SignedHost.IsAllowed(parsed.Host, hosts))
        {
            await FailAsync(context, logger, VerifyScope.Request, Errors.FromSignature(SignatureErrors.HostNotAllowed));
            return;
        }

        var result = await authenticator.AuthenticateAsync(parsed, verified.SourceIp ?? sourceIp, requestId, ct);
        if (!result.IsSuccess)
        {
            await FailAsync(context, logger, VerifyScope.Request, result.Error);
            return;
        }

        var principal = result.Value.Principal;
        VerifyAuthorization? decision = null;
        if (verified.Authorize is { } authorize)
        {
            var decided = await DecideAsync(services, principal, authorize, verified.SourceIp, context, ct);
            if (!decided.IsSuccess)
            {
                await FailAsync(context, logger, VerifyScope.VerifyCall, decided.Error);
                return;
            }

            decision = decided.Value;
        }

        Log.Verified(logger, requestId, caller.Value.Principal.AccessKeyId ?? "", principal.AccessKeyId ?? "");
        var answer = new VerifyResponse(requestId, VerifiedPrincipal.From(principal), result.Value.Request.Action, result.Value.Request.Version, decision);
        await WriteAsync(context, StatusCodes.Status200OK, JsonSerializer.SerializeToNode(answer, ApiResponseWriter.SerializerOptions)!.AsObject());
    }

    /// <summary>
    /// The resource server's own action on its own resource, decided for the verified principal by
    /// the engine that decides every RAM action. Condition keys: the client's address (SourceIp as
    /// the resource server saw it), the time, and the Context the resource server passed
    /// (<c>acs:SecureTransport</c> among them when it knows the client used TLS).
    /// </summary>
    private static async Task<Result<VerifyAuthorization>> DecideAsync(IServiceProvider services, Core.Principals.Principal principal, VerifyAuthorize authorize, string? clientIp, HttpContext context, CancellationToken ct)
    {
        var action = authorize.Action;
        var colon = action?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (action is null || colon <= 0 || colon == action.Length - 1 || action.AsSpan().IndexOfAny("*? ") >= 0)
        {
            return Errors.Request.InvalidParameter.WithMessage("Authorize.Action must be \"<service>:<Action>\", e.g. \"widgets:ListWidgets\".");
        }

        var resource = string.IsNullOrEmpty(authorize.Resource) ? "*" : authorize.Resource;
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in authorize.Context ?? [])
        {
            string? text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (text is null || key.IndexOf(':', StringComparison.Ordinal) <= 0)
            {
                return Errors.Request.InvalidParameter.WithMessage($"Authorize.Context: \"{key}\" must be a \"<service>:<key>\" name with a string, number or boolean value.");
            }

            values[key] = text;
        }

        var address = System.Net.IPAddress.TryParse(clientIp, out var parsed) ? parsed : context.Connection.RemoteIpAddress;
        var facts = new AuthorizationContext(
            address,
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            values.TryGetValue("acs:SecureTransport", out var tls) && string.Equals(tls, "true", StringComparison.OrdinalIgnoreCase),
            mfaPresent: false,
            values);
        var denied = await services.GetRequiredService<Authorizer>().AuthorizeAsync(principal, action, [resource], facts, ct);
        return denied is null ? VerifyAuthorization.Allow(action, resource) : VerifyAuthorization.Deny(action, resource, denied);
    }

    private static bool TryRead(ReadOnlyMemory<byte> json, out VerifiedReceivedRequest request, out ApiError error)
    {
        request = null!;
        error = Errors.Request.InvalidParameter;
        VerifyRequestBody? body;
        try
        {
            body = JsonSerializer.Deserialize<VerifyRequestBody>(json.Span, ReadOptions);
        }
        catch (JsonException)
        {
            error = Errors.Request.InvalidParameter.WithMessage("The body must be a JSON object with Method, Host, Path, Query, Headers, Body and ContentType.");
            return false;
        }

        if (body is null || string.IsNullOrEmpty(body.Method) || body.Headers is null)
        {
            error = Errors.Request.InvalidParameter.WithMessage("Method and Headers are mandatory.");
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = string.IsNullOrEmpty(body.Body) ? [] : Convert.FromBase64String(body.Body);
        }
        catch (FormatException)
        {
            error = Errors.Request.InvalidParameter.WithMessage("Body must be base64.");
            return false;
        }

        // Header names are case-insensitive: two spellings of one name are one header sent twice.
        var headers = new Dictionary<string, string>(body.Headers.Count + 2, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in body.Headers)
        {
            if (string.IsNullOrEmpty(name) || value is null || !headers.TryAdd(name, value))
            {
                error = Errors.Request.InvalidParameter.WithMessage("Headers must name each header once (names are case-insensitive) and give it a value.");
                return false;
            }
        }

        string? sourceIp = null;
        if (!string.IsNullOrEmpty(body.SourceIp))
        {
            if (!IPAddress.TryParse(body.SourceIp, out var address))
            {
                error = Errors.Request.InvalidParameter.WithMessage("SourceIp must be an IPv4 or IPv6 address.");
                return false;
            }

            sourceIp = address.ToString();
        }

        // V3 signs the host the client addressed; the resource server passes it on as received.
        if (!string.IsNullOrEmpty(body.Host) && !headers.ContainsKey("host"))
        {
            headers["host"] = body.Host;
        }

        if (!string.IsNullOrEmpty(body.ContentType) && !headers.ContainsKey("content-type"))
        {
            headers["content-type"] = body.ContentType;
        }

        var query = body.Query is { Length: > 0 } q && q[0] == '?' ? q[1..] : body.Query;
        var contentType = body.ContentType ?? (headers.TryGetValue("content-type", out var type) ? type : null);
        request = new VerifiedReceivedRequest(new ReceivedRequest(body.Method, string.IsNullOrEmpty(body.Path) ? "/" : body.Path, query, headers, bytes, contentType), sourceIp, body.AllowedHosts, body.Authorize);
        return true;
    }

    private static Task FailAsync(HttpContext context, ILogger logger, string scope, ApiError error)
    {
        var requestId = RequestIds.For(context);
        Log.Refused(logger, requestId, scope, error.Code);
        var root = context.RequestServices.GetRequiredService<ApiResponseWriter>().ErrorBodyOf(context, error);
        root["HttpStatus"] = error.HttpStatus;
        root["Scope"] = scope;
        return WriteAsync(context, error.HttpStatus, root);
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject root)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers[RequestIds.HeaderName] = RequestIds.For(context);
        response.Headers.CacheControl = "no-store";
        response.ContentType = ApiResponseWriter.JsonContentType;
        var bytes = Encoding.UTF8.GetBytes(root.ToJsonString(ApiResponseWriter.SerializerOptions));
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
