namespace Latchkey.Signing;

/// <summary>
/// The parts of an HTTP request that signature verification needs, exactly as they arrived:
/// the raw query text and the raw body bytes, never a framework's decoded view of them.
/// </summary>
public sealed class ReceivedRequest
{
    /// <summary>Creates the request view.</summary>
    /// <param name="method">The HTTP method, e.g. <c>GET</c> or <c>POST</c>.</param>
    /// <param name="path">The request path; <c>/</c> for RPC.</param>
    /// <param name="queryString">The raw query string without the leading <c>?</c>, or null.</param>
    /// <param name="headers">The request headers; the caller supplies a dictionary with case-insensitive names.</param>
    /// <param name="body">The raw body bytes.</param>
    /// <param name="contentType">The <c>Content-Type</c> header, or null.</param>
    public ReceivedRequest(string method, string path, string? queryString, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body, string? contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(headers);
        Method = method;
        Path = path;
        QueryString = queryString;
        Headers = headers;
        Body = body;
        ContentType = contentType;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The request path.</summary>
    public string Path { get; }

    /// <summary>The raw query string without <c>?</c>, or null.</summary>
    public string? QueryString { get; }

    /// <summary>The request headers (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The raw body bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The <c>Content-Type</c> header, or null.</summary>
    public string? ContentType { get; }
}
