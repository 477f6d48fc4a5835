using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Latchkey.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Server.Api;

/// <summary>
/// The request's headers as <see cref="ReceivedRequest"/> wants them (case-insensitive, one string
/// per name, repeated values joined with ','), read straight from Kestrel's header collection
/// instead of copied into a dictionary per request: the verifier only looks up a handful of names.
/// </summary>
internal sealed class RequestHeaders(IHeaderDictionary headers) : IReadOnlyDictionary<string, string>
{
    public int Count => headers.Count;

    public IEnumerable<string> Keys => headers.Keys;

    public IEnumerable<string> Values => headers.Select(static pair => Join(pair.Value));

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => headers.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (headers.TryGetValue(key, out var values))
        {
            value = Join(values);
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var (name, values) in headers)
        {
            yield return new(name, Join(values));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Join(StringValues values) =>
        values.Count == 1 ? values[0] ?? string.Empty : string.Join(',', (IEnumerable<string?>)values);
}
