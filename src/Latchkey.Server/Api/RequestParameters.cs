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
    private readonly IReadOnlyList<KeyValuePair<string, string>> _values;

    private RequestParameters(IReadOnlyList<KeyValuePair<string, string>> values) => _values = values;

    public int Count => _values.Count;

    /// <summary>Every parameter, in arrival order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> All => _values;

    /// <summary>The value of a parameter, or null; names are unique once <see cref="Check"/> passed.</summary>
    public string? this[string name]
    {
        get
        {
            for (var i = 0; i < _values.Count; i++)
            {
                if (_values[i].Key == name)
                {
                    return _values[i].Value;
                }
            }

            return null;
        }
    }

    public static RequestParameters Of(ParsedRequest parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return new RequestParameters(parsed.Parameters);
    }

    /// <summary>Null when the parameters keep the endpoint's limits; else the error (400 InvalidParameter).</summary>
    public static ApiError? Check(ParsedRequest parsed, ApiOptions limits)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(limits);
        var values = parsed.Parameters;
        if (values.Count > limits.MaxParameters)
        {
            return Errors.Request.InvalidParameter.WithMessage($"The request has more than {limits.MaxParameters} parameters.");
        }

        HashSet<string>? seen = values.Count > 16 ? new(values.Count, StringComparer.Ordinal) : null;
        for (var i = 0; i < values.Count; i++)
        {
            var (name, value) = values[i];
            if (name.Length == 0)
            {
                return Errors.Request.InvalidParameter.WithMessage("The request has a parameter without a name.");
            }

            if (value.Length > limits.MaxParameterValueLength || name.Length > 256)
            {
                return Errors.Request.InvalidParameter.WithMessage($"The value of a parameter is longer than {limits.MaxParameterValueLength} characters.");
            }

            if (seen is null ? IndexOf(values, name, i) >= 0 : !seen.Add(name))
            {
                return Errors.Request.InvalidParameter.WithMessage($"The parameter \"{name}\" appears more than once.");
            }
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<KeyValuePair<string, string>> values, string name, int before)
    {
        for (var i = 0; i < before; i++)
        {
            if (values[i].Key == name)
            {
                return i;
            }
        }

        return -1;
    }
}
