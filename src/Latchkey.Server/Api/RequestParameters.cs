using System.Buffers;
using Latchkey.Core.Results;
using Latchkey.Signing;

namespace Latchkey.Server.Api;

/// <summary>
/// What a handler reads: the parameters of the one parse (<see cref="ParsedRequest.Parameters"/>),
/// exactly the ones the signature covers, never a second decoding of the query or body (DESIGN
/// invariant 6). <see cref="Check"/> applies the endpoint's limits to that same list before the
/// signature is looked at.
/// </summary>
internal sealed class RequestParameters
{
    private readonly ParsedRequest _parsed;

    private RequestParameters(ParsedRequest parsed) => _parsed = parsed;

    public int Count => _parsed.ParameterCount;

    /// <summary>Every parameter, in arrival order (decodes them all; handlers read by name instead).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> All => _parsed.Parameters;

    /// <summary>The value of a parameter, or null; names are unique once <see cref="Check"/> passed. Decoded when read.</summary>
    public string? this[string name] => _parsed.GetParameter(name);

    public static RequestParameters Of(ParsedRequest parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return new RequestParameters(parsed);
    }

    /// <summary>Null when the parameters keep the endpoint's limits; else the error (400 InvalidParameter).</summary>
    /// <remarks>Reads the names and the values' lengths only: no value is decoded into a string here.</remarks>
    public static ApiError? Check(ParsedRequest parsed, ApiOptions limits)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(limits);
        var count = parsed.ParameterCount;
        if (count > limits.MaxParameters)
        {
            return Errors.Request.InvalidParameter.WithMessage($"The request has more than {limits.MaxParameters} parameters.");
        }

        HashSet<string>? seen = count > 16 ? new(count, StringComparer.Ordinal) : null;
        var names = seen is null && count > 0 ? ArrayPool<string>.Shared.Rent(count) : null;
        try
        {
            return CheckEach(parsed, limits, count, names, seen);
        }
        finally
        {
            if (names is not null)
            {
                ArrayPool<string>.Shared.Return(names, clearArray: true);
            }
        }
    }

    private static ApiError? CheckEach(ParsedRequest parsed, ApiOptions limits, int count, string[]? names, HashSet<string>? seen)
    {
        for (var i = 0; i < count; i++)
        {
            var name = parsed.GetParameterName(i);
            if (name.Length == 0)
            {
                return Errors.Request.InvalidParameter.WithMessage("The request has a parameter without a name.");
            }

            if (name.Length > 256 || parsed.GetParameterValueLength(i) > limits.MaxParameterValueLength)
            {
                return Errors.Request.InvalidParameter.WithMessage($"The value of a parameter is longer than {limits.MaxParameterValueLength} characters.");
            }

            if (names is not null ? Array.IndexOf(names, name, 0, i) >= 0 : !seen!.Add(name))
            {
                return Errors.Request.InvalidParameter.WithMessage($"The parameter \"{name}\" appears more than once.");
            }

            if (names is not null)
            {
                names[i] = name;
            }
        }

        return null;
    }
}
