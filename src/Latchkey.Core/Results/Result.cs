using System.Diagnostics.CodeAnalysis;

namespace Latchkey.Core.Results;

/// <summary>A value or an <see cref="ApiError"/>; Core returns this instead of throwing.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, ApiError? error)
    {
        _value = value;
        Error = error;
    }

    public ApiError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"Result holds error {Error.Code}.");

#pragma warning disable CA2225 // The implicit conversions are the point of this type.
    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(ApiError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));
#pragma warning restore CA2225
}

/// <summary>Success with no value, or an <see cref="ApiError"/>.</summary>
public readonly struct Result
{
    private Result(ApiError? error) => Error = error;

    public static Result Success => default;

    /// <summary>A success holding <paramref name="value"/>; for values typed as an interface, which C# will not convert implicitly.</summary>
    public static Result<T> Of<T>(T value) => value;

    public ApiError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

#pragma warning disable CA2225
    public static implicit operator Result(ApiError error) => new(error ?? throw new ArgumentNullException(nameof(error)));
#pragma warning restore CA2225
}
