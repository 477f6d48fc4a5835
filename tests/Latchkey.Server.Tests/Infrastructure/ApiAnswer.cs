using System.Net;
using System.Text.Json;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>A response read as text and JSON, with the checks every answer must pass.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, string ContentType, string Text, string? RequestIdHeader)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement;

    public string? ErrorCode => Json.TryGetProperty("Code", out var code) ? code.GetString() : null;

    public static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var contentType = response.Content.Headers.ContentType?.ToString() ?? string.Empty;
            var requestId = response.Headers.TryGetValues("x-acs-request-id", out var values) ? values.Single() : null;
            return new ApiAnswer(response.StatusCode, contentType, text, requestId);
        }
    }

    /// <summary>Asserts an Alibaba error body whose Code and HTTP status agree.</summary>
    public ApiAnswer AssertError(HttpStatusCode status, string code)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/json; charset=utf-8", ContentType.Replace(";charset", "; charset", StringComparison.Ordinal));
        var json = Json;
        Assert.Equal(code, json.GetProperty("Code").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("Message").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("HostId").GetString()));
        Assert.StartsWith("http", json.GetProperty("Recommend").GetString(), StringComparison.Ordinal);
        AssertRequestId(json.GetProperty("RequestId").GetString());
        return this;
    }

    /// <summary>Asserts a 200 JSON success: RequestId, and no Code member (pop-core throws on one).</summary>
    public JsonElement AssertSuccess()
    {
        Assert.True(Status == HttpStatusCode.OK, $"{Status}: {Text}");
        var json = Json;
        Assert.False(json.TryGetProperty("Code", out _), Text);
        AssertRequestId(json.GetProperty("RequestId").GetString());
        return json;
    }

    private void AssertRequestId(string? requestId)
    {
        Assert.NotNull(requestId);
        Assert.Matches("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$", requestId);
        Assert.Equal(requestId, RequestIdHeader);
    }
}
