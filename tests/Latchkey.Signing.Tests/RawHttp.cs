using System.Text;

namespace Latchkey.Signing.Tests;

/// <summary>Turns the raw HTTP/1.1 text of a wire sample into the request a server receives.</summary>
internal static class RawHttp
{
    public static ReceivedRequest Parse(string raw)
    {
        var text = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text.TrimEnd('\n') : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 2)..].TrimEnd('\n');
        var lines = head.Split('\n');
        var requestLine = lines[0].Split(' ');
        var target = requestLine[1];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? null : target[(question + 1)..];
        headers.TryGetValue("content-type", out var contentType);
        return new ReceivedRequest(requestLine[0], path, query, headers, Encoding.UTF8.GetBytes(body), contentType);
    }

    public static ReceivedRequest With(
        this ReceivedRequest request,
        string? method = null,
        string? query = null,
        byte[]? body = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        new(method ?? request.Method, request.Path, query ?? request.QueryString, headers ?? request.Headers, body ?? request.Body, request.ContentType);

    public static Dictionary<string, string> CopyHeaders(this ReceivedRequest request) =>
        new(request.Headers, StringComparer.OrdinalIgnoreCase);
}
