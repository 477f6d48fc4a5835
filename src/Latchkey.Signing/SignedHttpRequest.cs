namespace Latchkey.Signing;

/// <summary>
/// A signed request ready to send. Send <see cref="Body"/> byte for byte with <see cref="ContentType"/>
/// exactly as given (no charset added): a V3 signature may cover the content type.
/// </summary>
public sealed class SignedHttpRequest
{
    internal SignedHttpRequest(string method, string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, string? contentType, string stringToSign)
    {
        Method = method;
        PathAndQuery = pathAndQuery;
        Headers = headers;
        Body = body;
        ContentType = contentType;
        StringToSign = stringToSign;
    }

    /// <summary>The HTTP method (<c>GET</c> or <c>POST</c>).</summary>
    public string Method { get; }

    /// <summary>The path and query to request, e.g. <c>/?AccessKeyId=...</c>.</summary>
    public string PathAndQuery { get; }

    /// <summary>The headers to send, lower-case names, <c>Content-Type</c> excluded (see <see cref="ContentType"/>). V3 includes <c>host</c> and <c>Authorization</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body bytes (empty when the parameters travel in the query).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The <c>Content-Type</c> to send with the body, or null when there is no body.</summary>
    public string? ContentType { get; }

    /// <summary>The StringToSign the signature was made over; holds no secret.</summary>
    public string StringToSign { get; }

    /// <summary>This request as a server would receive it; convenient for tests and in-process calls.</summary>
    /// <returns>The <see cref="ReceivedRequest"/> with case-insensitive header names.</returns>
    public ReceivedRequest ToReceivedRequest()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in Headers)
        {
            headers[header.Key] = header.Value;
        }

        if (ContentType is not null)
        {
            headers["content-type"] = ContentType;
        }

        var question = PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? PathAndQuery : PathAndQuery[..question];
        var query = question < 0 ? null : PathAndQuery[(question + 1)..];
        return new ReceivedRequest(Method, path, query, headers, Body, ContentType);
    }
}
