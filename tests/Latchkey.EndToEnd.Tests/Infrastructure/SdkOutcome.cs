using System.Text.Json;

namespace Latchkey.EndToEnd.Tests.Infrastructure;

/// <summary>What an SDK call gave back: the body on success, or the SDK's error code and HTTP status.</summary>
public sealed record SdkOutcome(bool Ok, int? StatusCode, string? Code, string? Message, JsonElement Body, JsonElement AccessDeniedDetail = default)
{
    public override string ToString() => Ok ? $"ok {Body}" : $"error {Code} {StatusCode} {Message}";
}
