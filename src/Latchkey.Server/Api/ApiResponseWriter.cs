using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using System.Xml;
using Latchkey.Core.Results;
using Latchkey.Server.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Api;

/// <summary>
/// Writes success and error bodies the way Alibaba's SDKs read them (spec §8): RequestId first,
/// PascalCase members, IDs as strings, booleans as booleans, dates without fractions; JSON or XML.
/// A success body never has a Code member; an error body always has one and a 4xx/5xx status.
/// </summary>
internal sealed class ApiResponseWriter(IOptions<ApiOptions> options)
{
    public const string JsonContentType = "application/json;charset=utf-8";
    public const string XmlContentType = "text/xml;charset=utf-8";

    internal static readonly JsonSerializerOptions SerializerOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new ApiDateConverter() },
    };

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static Task WriteSuccessAsync(HttpContext context, ResponseFormat format, string action, object? body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ApiOutcome.Answered(context, "ok", action);
        if (format == ResponseFormat.Json)
        {
            return WriteJsonSuccessAsync(context, body);
        }

        var root = new JsonObject { ["RequestId"] = RequestIds.For(context) };
        if (body is not null && JsonSerializer.SerializeToNode(body, body.GetType(), SerializerOptions) is JsonObject members)
        {
            foreach (var name in members.Select(m => m.Key).ToList())
            {
                var value = members[name];
                members.Remove(name);
                root[name] = value;
            }
        }

        return WriteAsync(context, StatusCodes.Status200OK, format, $"{action}Response", root);
    }

    public Task WriteErrorAsync(HttpContext context, ResponseFormat format, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        ApiOutcome.Answered(context, error.Code);
        return format == ResponseFormat.Json
            ? WriteJsonErrorAsync(context, error)
            : WriteAsync(context, error.HttpStatus, format, "Error", ErrorBodyOf(context, error));
    }

    /// <summary>
    /// <see cref="ErrorBodyOf"/>'s members written straight to UTF-8 (the same bytes; a test
    /// compares them): a flood of refused requests is answered without a DOM per request.
    /// </summary>
    private Task WriteJsonErrorAsync(HttpContext context, ApiError error)
    {
        var buffer = JsonBodyBuffer.Rent();
        try
        {
            var json = buffer.Writer;
            json.WriteStartObject();
            json.WriteString("RequestId", RequestIds.For(context));
            json.WriteString("HostId", HostIdOf(context));
            json.WriteString("Code", error.Code);
            json.WriteString("Message", error.Message);
            json.WriteString("Recommend", RecommendLinkOf(context, error.Code));
            if (error.AccessDenied is { } denied)
            {
                json.WritePropertyName("AccessDeniedDetail");
                JsonSerializer.Serialize(json, denied);
            }

            json.WriteEndObject();
            json.Flush();
            return SendJsonAsync(context, error.HttpStatus, buffer);
        }
        finally
        {
            JsonBodyBuffer.Return(buffer);
        }
    }

    /// <summary>Alibaba's error members (spec §8.2), for endpoints that add members of their own.</summary>
    public JsonObject ErrorBodyOf(HttpContext context, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var body = new JsonObject
        {
            ["RequestId"] = RequestIds.For(context),
            ["HostId"] = HostIdOf(context),
            ["Code"] = error.Code,
            ["Message"] = error.Message,
            ["Recommend"] = RecommendLinkOf(context, error.Code),
        };
        if (error.AccessDenied is { } denied)
        {
            // An object, as openapi-core reads it into the SDK error (spec ram-policies.md §7.1).
            body["AccessDeniedDetail"] = JsonSerializer.SerializeToNode(denied);
        }

        return body;
    }

    private string RecommendLinkOf(HttpContext context, string code)
    {
        var baseUrl = options.Value.ErrorDocumentationBaseUrl;
        return string.IsNullOrEmpty(baseUrl)
            ? $"{context.Request.Scheme}://{RequestHosts.HostAndPortOf(context) ?? "localhost"}{ErrorDocumentation.PathPrefix}{code}"
            : baseUrl + code;
    }

    private static string HostIdOf(HttpContext context) => RequestHosts.HostIdOf(context);

    /// <summary>
    /// The JSON success body written straight to UTF-8 with the same serializer options as the DOM
    /// path (so the bytes are the same): <c>{"RequestId":"…"</c>, then the body serialized after it
    /// with its opening brace turned into the comma, into a pooled buffer that is copied into the
    /// response. No JsonObject, no intermediate string, no array per response.
    /// </summary>
    private static Task WriteJsonSuccessAsync(HttpContext context, object? body)
    {
        var requestId = RequestIds.For(context);
        var buffer = JsonBodyBuffer.Rent();
        try
        {
            var json = buffer.Writer;
            json.WriteStartObject();
            json.WriteString("RequestId", requestId);
            json.Flush();
            if (body is IJsonMembers own)
            {
                own.WriteMembers(json);
                json.WriteEndObject();
                json.Flush();
                return SendJsonAsync(context, StatusCodes.Status200OK, buffer);
            }

            var members = buffer.WrittenCount;
            if (body is not null)
            {
                json.Reset(buffer);
                JsonSerializer.Serialize(json, body, body.GetType(), SerializerOptions);
                json.Flush();
            }

            buffer.JoinObject(members);
            return SendJsonAsync(context, StatusCodes.Status200OK, buffer);
        }
        finally
        {
            JsonBodyBuffer.Return(buffer);
        }
    }

    /// <summary>Headers as <see cref="WriteAsync"/> sets them, then the buffer's bytes (copied before this returns).</summary>
    private static Task SendJsonAsync(HttpContext context, int status, JsonBodyBuffer buffer)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers[RequestIds.HeaderName] = RequestIds.For(context);
        response.Headers.CacheControl = "no-store";
        response.ContentType = JsonContentType;
        response.ContentLength = buffer.WrittenCount;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        // PipeWriter.WriteAsync copies the bytes before it returns, so the buffer can go back now.
        var flush = response.BodyWriter.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    private static async Task WriteAsync(HttpContext context, int status, ResponseFormat format, string xmlRoot, JsonObject root)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers[RequestIds.HeaderName] = RequestIds.For(context);
        // A CreateAccessKey body holds the only copy of a secret: never let a cache keep any answer.
        response.Headers.CacheControl = "no-store";
        byte[] bytes;
        if (format == ResponseFormat.Xml)
        {
            response.ContentType = XmlContentType;
            bytes = ToXml(xmlRoot, root);
        }
        else
        {
            response.ContentType = JsonContentType;
            bytes = Encoding.UTF8.GetBytes(root.ToJsonString(SerializerOptions));
        }

        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }

    // Stored text may hold characters XML 1.0 cannot carry (control characters); they become U+FFFD
    // instead of making the writer throw and the answer a 500.
    private static string XmlSafe(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsXmlCharAt(text, i, out var width))
            {
                firstBad = i;
                break;
            }

            i += width - 1;
        }

        if (firstBad < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (IsXmlCharAt(text, i, out var width))
            {
                builder.Append(text, i, width);
                i += width - 1;
            }
            else
            {
                builder.Append('\uFFFD');
            }
        }

        return builder.ToString();
    }

    private static bool IsXmlCharAt(string text, int index, out int width)
    {
        width = 1;
        if (XmlConvert.IsXmlChar(text[index]))
        {
            return true;
        }

        if (index + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[index + 1], text[index]))
        {
            width = 2;
            return true;
        }

        return false;
    }

    internal static byte[] ToXml(string rootName, JsonObject root)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = Utf8NoBom, Indent = false };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(rootName);
            WriteMembers(writer, root);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }

    // {"Users":{"User":[a,b]}} becomes <Users><User>a</User><User>b</User></Users>, as Alibaba writes lists.
    private static void WriteMembers(XmlWriter writer, JsonObject members)
    {
        foreach (var (name, value) in members)
        {
            if (value is JsonArray items)
            {
                foreach (var item in items)
                {
                    WriteElement(writer, name, item);
                }
            }
            else
            {
                WriteElement(writer, name, value);
            }
        }
    }

    private static void WriteElement(XmlWriter writer, string name, JsonNode? value)
    {
        writer.WriteStartElement(name);
        switch (value)
        {
            case JsonObject child:
                WriteMembers(writer, child);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                writer.WriteString(XmlSafe(scalar.GetValue<string>()));
                break;
            case JsonValue scalar:
                writer.WriteString(scalar.ToJsonString());
                break;
            default:
                break;
        }

        writer.WriteEndElement();
    }
}
