namespace Latchkey.Core.Results;

/// <summary>One failure with Alibaba's code, HTTP status and public message.</summary>
public sealed record ApiError(string Code, int HttpStatus, string Message)
{
    /// <summary>On a NoPermission refusal: Alibaba's AccessDeniedDetail object (spec ram-policies.md §7.1).</summary>
    public AccessDeniedDetail? AccessDenied { get; init; }

    /// <summary>The same code and status with a message built for this occurrence (e.g. a parameter name).</summary>
    public ApiError WithMessage(string message) => this with { Message = message };
}
