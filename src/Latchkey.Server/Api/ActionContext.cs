using System.Globalization;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Api;

/// <summary>
/// What a handler gets: the verified caller, the request's parameters and the services. The
/// services are the request's (<see cref="HttpContext.RequestServices"/>), reached only when a
/// handler asks: a call that needs none (GetCallerIdentity) creates no DI scope.
/// </summary>
internal sealed class ActionContext(
    ActionDescriptor descriptor,
    Principal caller,
    ParsedRequest parsed,
    string requestId,
    string sourceIp,
    HttpContext http)
{
    public ActionDescriptor Descriptor { get; } = descriptor;

    public Principal Caller { get; } = caller;

    public string RequestId { get; } = requestId;

    /// <summary>The parameters of the one parse, exactly as signed (DESIGN invariant 6); made when a handler first reads one.</summary>
    public RequestParameters Parameters => field ??= RequestParameters.Of(parsed);

    public string SourceIp { get; } = sourceIp;

    /// <summary>Whether the request came over TLS (the <c>acs:SecureTransport</c> condition key).</summary>
    public bool SecureTransport => http.Request.IsHttps;

    public AuditContext Audit => new(Caller, SourceIp, RequestId);

    public T Get<T>()
        where T : notnull => http.RequestServices.GetRequiredService<T>();

    /// <summary>The parameter's value; null when absent or empty (SDKs send optional fields empty).</summary>
    public string? Optional(string name) => Parameters[name] is { Length: > 0 } value ? value : null;

    /// <summary>The parameter's value as sent, empty included; null only when absent (for parameters where empty means "clear").</summary>
    public string? Raw(string name) => Parameters[name];

    /// <summary>A boolean parameter, parsed case-insensitively; null when absent.</summary>
    public Result<bool?> OptionalBoolean(string name)
    {
        var text = Optional(name);
        if (text is null)
        {
            return (bool?)null;
        }

        return bool.TryParse(text, out var value)
            ? (bool?)value
            : Errors.Request.InvalidParameter.WithMessage($"The parameter - \"{name}\" must be true or false.");
    }

    /// <summary>An integer parameter; null when absent.</summary>
    public Result<int?> OptionalInt32(string name)
    {
        var text = Optional(name);
        if (text is null)
        {
            return (int?)null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? (int?)value
            : Errors.Request.InvalidParameter.WithMessage($"The parameter - \"{name}\" must be a number.");
    }
}
