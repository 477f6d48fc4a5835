using Latchkey.Signing;

namespace Latchkey.Server.Tests.Api.Fuzz;

/// <summary>A request as bytes and strings, free to be broken in ways HttpClient would refuse to send.</summary>
internal sealed class RawRequest
{
    public required string Method { get; set; }

    /// <summary>The query string without its '?'.</summary>
    public required string Query { get; set; }

    public required List<KeyValuePair<string, string>> Headers { get; init; }

    public required byte[] Body { get; set; }

    public string? ContentType { get; set; }

    /// <summary>The parameters the client signed, decoded (V1 with its common parameters, without Signature).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Signed { get; init; } = [];

    /// <summary>What the mutations did, for the assertion message.</summary>
    public List<string> Mutations { get; } = [];

    public static RawRequest From(SignedHttpRequest signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var question = signed.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return new RawRequest
        {
            Method = signed.Method,
            Query = question < 0 ? string.Empty : signed.PathAndQuery[(question + 1)..],
            Headers = [.. signed.Headers],
            Body = signed.Body.ToArray(),
            ContentType = signed.ContentType,
            Signed = ParsedRequest.Parse(signed.ToReceivedRequest()).Parameters,
        };
    }

    public void SetHeader(string name, string value)
    {
        RemoveHeader(name);
        Headers.Add(KeyValuePair.Create(name, value));
    }

    public void RemoveHeader(string name) => Headers.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public override string ToString()
    {
        var query = Query.Length > 300 ? Query[..300] + "…" : Query;
        return $"{Method} /?{query} content-type={ContentType} body={Body.Length}B mutations=[{string.Join(", ", Mutations)}]";
    }
}
