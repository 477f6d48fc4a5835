using Latchkey.Core.Results;

namespace Latchkey.Server.Api;

/// <summary>What an action handler returns: a success body (written after RequestId) or an error.</summary>
internal sealed class ApiResponse
{
    private ApiResponse(object? body, ApiError? error)
    {
        Body = body;
        Error = error;
    }

    /// <summary>A success whose body is RequestId alone.</summary>
    public static ApiResponse Empty { get; } = new(null, null);

    public object? Body { get; }

    public ApiError? Error { get; }

    public static ApiResponse Ok(object body) => new(body ?? throw new ArgumentNullException(nameof(body)), null);

    public static ApiResponse Fail(ApiError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>Maps a Core result: its value through <paramref name="map"/>, or its error.</summary>
    public static ApiResponse From<T>(Result<T> result, Func<T, object> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return result.IsSuccess ? Ok(map(result.Value)) : Fail(result.Error);
    }

    public static ApiResponse From(Result result) => result.IsSuccess ? Empty : Fail(result.Error);

#pragma warning disable CA2225 // Handlers return errors directly; Fail is the named alternative.
    public static implicit operator ApiResponse(ApiError error) => Fail(error);
#pragma warning restore CA2225
}
