using System.Text.Json.Serialization;

namespace Latchkey.EndToEnd.Tests.Infrastructure;

/// <summary>One call of sdk/call.js: which official SDK, in which mode, signed by which key.</summary>
public sealed record SdkStep(
    [property: JsonPropertyName("sdk")] string Sdk,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("params")] IReadOnlyDictionary<string, string> Parameters,
    [property: JsonPropertyName("accessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("accessKeySecret")] string AccessKeySecret,
    [property: JsonPropertyName("version")] string? Version = null,
    [property: JsonPropertyName("securityToken")] string? SecurityToken = null);
