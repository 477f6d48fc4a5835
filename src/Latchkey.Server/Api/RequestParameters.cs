using System.Diagnostics.CodeAnalysis;
using System.Text;
using Latchkey.Core.Results;
using Latchkey.Signing;

namespace Latchkey.Server.Api;

/// <summary>
/// The request's parameters, decoded from the raw query string and the raw form body (never from
/// ASP.NET's Request.Query/Request.Form, which merge duplicates). Spec §3: split on '&amp;', then
/// on the first '='; '+' is a space; empty values are kept. Limits and duplicates are refused here,
/// before anything else looks at the request.
/// </summary>
internal sealed class RequestParameters
{
    private readonly Dictionary<string, string> _values;

    private RequestParameters(Dictionary<string, string> values) => _values = values;

    public int Count => _values.Count;

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    public static bool TryParse(
        string? rawQuery,
        ReadOnlySpan<byte> formBody,
        ApiOptions limits,
        [NotNullWhen(true)] out RequestParameters? parameters,
        [NotNullWhen(false)] out ApiError? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        parameters = null;
        error = Add(values, rawQuery, limits) ?? (formBody.IsEmpty ? null : Add(values, DecodeUtf8(formBody), limits));
        if (error is not null)
        {
            return false;
        }

        parameters = new RequestParameters(values);
        return true;
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body);

    private static ApiError? Add(Dictionary<string, string> values, string? raw, ApiOptions limits)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        var text = raw.AsSpan();
        if (text[0] == '?')
        {
            text = text[1..];
        }

        foreach (var range in text.Split('&'))
        {
            var pair = text[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            if (name.Length == 0)
            {
                return Errors.Request.InvalidParameter.WithMessage("The request has a parameter without a name.");
            }

            if (value.Length > limits.MaxParameterValueLength || name.Length > 256)
            {
                return Errors.Request.InvalidParameter.WithMessage($"The value of a parameter is longer than {limits.MaxParameterValueLength} characters.");
            }

            if (!values.TryAdd(name, value))
            {
                return Errors.Request.InvalidParameter.WithMessage($"The parameter \"{name}\" appears more than once.");
            }

            if (values.Count > limits.MaxParameters)
            {
                return Errors.Request.InvalidParameter.WithMessage($"The request has more than {limits.MaxParameters} parameters.");
            }
        }

        return null;
    }

    // The signature's own decoder: a handler must act on exactly the values that were signed,
    // also for odd input such as a lone %E4 or a stray '%'.
    private static string Decode(ReadOnlySpan<char> encoded)
    {
        var text = encoded.ToString();
        return text.AsSpan().IndexOfAny('%', '+') < 0 ? text : Rfc3986.Decode(text);
    }
}
