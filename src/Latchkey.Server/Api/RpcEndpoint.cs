using Latchkey.Core.Authentication;
using Latchkey.Core.Authorization;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using Latchkey.Server.Console;
using Latchkey.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Api;

/// <summary>
/// The RPC endpoint at '/': GET query, POST query and POST form requests, V1 and V3 signatures.
/// Order (spec §7): limits and parameter shape → Format → (Version, Action) known → authenticate
/// (signature, window, nonce; in Core) → authorize (the table's RAM action and resources, in Core) →
/// handler (call Core, map).
/// </summary>
internal sealed class RpcEndpoint(
    ActionTable actions,
    RequestAuthenticator authenticator,
    Authorizer authorizer,
    TimeProvider time,
    ApiResponseWriter writer,
    KeyUsageRecorder usage,
    IOptions<ApiOptions> options,
    ILogger<RpcEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var requestId = RequestIds.For(context);
        var limits = options.Value;

        if (UnsignedRootRequest.Matches(request))
        {
            await UnsignedRootRequest.HandleAsync(context, writer);
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method))
        {
            await FailAsync(context, ResponseFormat.Json, null, Errors.Request.UnsupportedHttpMethod);
            return;
        }

        // The query as received, '?' included: the parse skips it, so no copy of the query is made.
        var rawQuery = request.QueryString.Value ?? string.Empty;
        if (rawQuery.Length - 1 > limits.MaxQueryLength)
        {
            await FailAsync(context, ResponseFormat.Json, null, Errors.Request.TooLarge);
            return;
        }

        var body = await RequestBodies.ReadAsync(request, limits.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await FailAsync(context, ResponseFormat.Json, null, Errors.Request.TooLarge);
            return;
        }

        // The one parse (DESIGN invariant 6): every check below, the signature and the handler
        // read this view; nothing decodes the query or the body a second time.
        var received = new ReceivedRequest(request.Method, "/", rawQuery, new RequestHeaders(request.Headers), body.Value, request.ContentType);
        var parsed = ParsedRequest.Parse(received);
        context.Features.Set(parsed);
        if (RequestParameters.Check(parsed, limits) is { } parameterError)
        {
            await FailAsync(context, ResponseFormat.Json, null, parameterError);
            return;
        }

        if (parsed.Error == SignatureErrors.InvalidFormat)
        {
            await FailAsync(context, ResponseFormat.Json, null, Errors.FromSignature(SignatureErrors.InvalidFormat));
            return;
        }

        var format = parsed.Format == "XML" ? ResponseFormat.Xml : ResponseFormat.Json;
        if (!body.Value.IsEmpty && !parsed.HasFormBody)
        {
            // A body that is not a form is not read, and for V1 not signed: refused rather than
            // ignored, so nobody mistakes it for part of the call.
            await FailAsync(context, format, null, Errors.Request.InvalidParameter.WithMessage(
                $"The request body must be empty or have the media type {MediaType.Form}."));
            return;
        }

        // Unknown (Version, Action) is answered before the signature is looked at (spec §7 step 2).
        if (parsed.Action.Length > 0 && parsed.Version.Length > 0 && !actions.TryFind(parsed.Version, parsed.Action, out _))
        {
            await FailAsync(context, format, parsed.Action, Errors.Request.ApiNotFound);
            return;
        }

        var sourceIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var authenticated = await authenticator.AuthenticateAsync(parsed, sourceIp, requestId, context.RequestAborted);
        if (!authenticated.IsSuccess)
        {
            // RequestAuthenticator has logged the rejection (request id, well-formed AccessKeyId, code);
            // a second line here doubled the logging cost of every refused request in a flood.
            await writer.WriteErrorAsync(context, format, authenticated.Error);
            return;
        }

        var caller = authenticated.Value.Principal;
        if (!actions.TryFind(parsed.Version, parsed.Action, out var descriptor))
        {
            await FailAsync(context, format, parsed.Action, Errors.Request.ApiNotFound);
            return;
        }

        Diagnostics.ApiOutcome.Dispatched(context, descriptor);
        var actionContext = new ActionContext(descriptor, caller, parsed, requestId, sourceIp, context);

        // A role session has no RAM user of its own: an action about "the caller itself" (no
        // UserName: its own keys, login profile, MFA device, password) has nothing to act on.
        if (caller.IsRoleSession && SessionHasNoSelf(descriptor, actionContext))
        {
            await FailAsync(context, format, parsed.Action, Errors.Sts.SessionNotSupported);
            return;
        }

        // Every action is authorized here, from the table, by the one policy engine (DESIGN
        // invariant 7), before the handler looks anything up: a caller without permission learns
        // nothing about which users, groups or policies exist.
        if (!caller.IsAccount && descriptor.RamAction is { } ramAction)
        {
            var (targetUserId, targetUnknown) = await TargetUserAsync(actionContext, caller, context.RequestAborted);
            var facts = new AuthorizationContext(context.Connection.RemoteIpAddress, time.GetUtcNow(), context.Request.IsHttps, mfaPresent: false)
            {
                TargetUserId = targetUserId,
                TargetUserUnknown = targetUnknown,
            };

            // The table's RAM action, then any it also needs (rotation creates, disables and deletes
            // keys), all on the same resources: the first refusal answers.
            var resources = descriptor.Resources(actionContext);
            var denied = await authorizer.AuthorizeAsync(caller, ramAction, resources, facts, context.RequestAborted);
            for (var i = 0; denied is null && i < (descriptor.AlsoRequires?.Count ?? 0); i++)
            {
                denied = await authorizer.AuthorizeAsync(caller, descriptor.AlsoRequires![i], resources, facts, context.RequestAborted);
            }

            if (denied is not null)
            {
                Log.ActionFailed(logger, requestId, descriptor.Action, caller.AccessKeyId ?? "", denied.Code);
                if (!caller.IsRoleSession && caller.AccessKeyId is { } deniedKey)
                {
                    // The key's usage picture counts a call its policies refuse as a refusal too;
                    // its signature held, so the source is the signer's. (Session ids are not stored keys.)
                    usage.RecordRefusal(deniedKey, time.GetUtcNow(), sourceIp);
                }

                await writer.WriteErrorAsync(context, format, denied);
                return;
            }
        }

        var response = await descriptor.Handler(actionContext, context.RequestAborted);
        if (response.Error is { } error)
        {
            Log.ActionFailed(logger, requestId, descriptor.Action, caller.AccessKeyId ?? "", error.Code);
            await writer.WriteErrorAsync(context, format, error);
            return;
        }

        Log.ActionSucceeded(logger, requestId, descriptor.Action, caller.AccessKeyId ?? "");
        await ApiResponseWriter.WriteSuccessAsync(context, format, descriptor.Action, response.Body);
    }

    private static bool SessionHasNoSelf(ActionDescriptor descriptor, ActionContext action) =>
        descriptor.RamAction is null
            ? descriptor.Product != Products.Sts
            : Array.Exists(descriptor.Resources(action), resource => resource.EndsWith(":user/", StringComparison.Ordinal));

    private async Task FailAsync(HttpContext context, ResponseFormat format, string? action, ApiError error)
    {
        Log.Rejected(logger, RequestIds.For(context), action ?? "", "", error.Code);
        await writer.WriteErrorAsync(context, format, error);
    }

    /// <summary>
    /// The RAM user the action names (UserName, IMS's UserPrincipalName or UserId; none = the caller),
    /// resolved to its UserId in the caller's account, so that "its own user" is decided by ID.
    /// </summary>
    private static async Task<(string? UserId, bool Unknown)> TargetUserAsync(ActionContext action, Core.Principals.Principal caller, CancellationToken ct)
    {
        if (action.Optional("UserName") is { } userName)
        {
            var user = await action.Get<Core.Users.IRamUserStore>().FindUserByNameAsync(caller.AccountId, userName, ct);
            return user is null ? (null, true) : (user.UserId, false);
        }

        if (action.Optional("UserPrincipalName") is { } principalName)
        {
            var found = await action.Get<Core.Users.RamUserService>().FindByPrincipalNameAsync(principalName, ct);
            return found.IsSuccess && found.Value.User.AccountId == caller.AccountId ? (found.Value.User.UserId, false) : (null, true);
        }

        // IMS recycle-bin actions name the user by UserId: the target as given (no lookup needed to compare).
        if (action.Optional("UserId") is { } userId)
        {
            return (userId, false);
        }

        return (caller.UserId, false);
    }
}
