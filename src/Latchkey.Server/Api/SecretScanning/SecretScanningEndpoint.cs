using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Latchkey.Core.KeyGuard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Api.SecretScanning;

/// <summary>
/// <c>POST /secret-scanning/github</c>: GitHub's secret scanning partner program. GitHub posts a JSON
/// array of <c>{"token","type","url","source"}</c> and signs the raw body with ECDSA P-256 /
/// SHA-256 (DER, base64) in <c>GITHUB-PUBLIC-KEY-SIGNATURE</c>, naming its key in
/// <c>GITHUB-PUBLIC-KEY-IDENTIFIER</c>. A report whose signature does not verify against a
/// configured key is refused before the body is even parsed; each token of a verified one that
/// names a key here (its AccessKeyId or its secret) disables or restricts the key at once. The
/// answer is GitHub's optional feedback: per token its SHA-256 and <c>true_positive</c> or
/// <c>false_positive</c>, never the token itself.
/// </summary>
internal static partial class SecretScanningEndpoint
{
    public const string Path = "/secret-scanning/github";
    public const string KeyIdentifierHeader = "GITHUB-PUBLIC-KEY-IDENTIFIER";
    public const string SignatureHeader = "GITHUB-PUBLIC-KEY-SIGNATURE";
    private const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapSecretScanningEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, (Delegate)HandleAsync);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<SecretScanningOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecretScanningEndpoint));
        var ct = context.RequestAborted;
        if (options.GitHubPublicKeys.Count == 0)
        {
            return Results.NotFound();
        }

        var sourceIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!services.GetRequiredService<SecretScanningRateLimiter>().TryAcquire(sourceIp, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Refuse(logger, StatusCodes.Status429TooManyRequests, "too many reports from this address; retry after the minute");
        }

        var keyId = context.Request.Headers[KeyIdentifierHeader].ToString();
        var signature = context.Request.Headers[SignatureHeader].ToString();
        if (keyId.Length == 0 || signature.Length == 0)
        {
            return Refuse(logger, StatusCodes.Status400BadRequest, "missing GITHUB-PUBLIC-KEY-IDENTIFIER or GITHUB-PUBLIC-KEY-SIGNATURE");
        }

        var body = await RequestBodies.ReadAsync(context.Request, MaxBodyBytes, ct);
        if (body is null)
        {
            return Refuse(logger, StatusCodes.Status413PayloadTooLarge, "report larger than 1 MiB");
        }

        if (!options.GitHubPublicKeys.TryGetValue(keyId, out var configured))
        {
            return Refuse(logger, StatusCodes.Status401Unauthorized, "unknown public key identifier");
        }

        if (!Verify(configured, body.Value.Span, signature))
        {
            return Refuse(logger, StatusCodes.Status401Unauthorized, "signature does not verify");
        }

        Match[]? matches;
        try
        {
            matches = JsonSerializer.Deserialize(body.Value.Span, SecretScanningJson.Default.MatchArray);
        }
        catch (JsonException)
        {
            matches = null;
        }

        if (matches is null || matches.Length > options.MaxTokensPerReport || matches.Any(m => string.IsNullOrEmpty(m.Token)))
        {
            return Refuse(logger, StatusCodes.Status400BadRequest, "not a JSON array of matches with tokens");
        }

        var guards = services.GetRequiredService<AccessKeyGuardService>();
        var requestId = RequestIds.For(context);
        var feedback = new List<Feedback>(matches.Length);
        foreach (var match in matches)
        {
            var reported = await guards.ReportLeakAsync(match.Token!, "github", match.Url ?? "", options.Action, sourceIp, requestId, ct);
            var known = reported.IsSuccess && reported.Value is not null;
            feedback.Add(new Feedback(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(match.Token!))), match.Type ?? "", known ? "true_positive" : "false_positive"));
        }

        return Results.Json(feedback.ToArray(), SecretScanningJson.Default.FeedbackArray);
    }

    /// <summary>ECDSA over the raw body, SHA-256, DER-encoded signature in base64, as GitHub signs.</summary>
    internal static bool Verify(string publicKey, ReadOnlySpan<byte> payload, string signature)
    {
        byte[] der;
        try
        {
            der = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(publicKey.Contains("-----BEGIN", StringComparison.Ordinal) ? publicKey : File.ReadAllText(publicKey));
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or IOException)
        {
            return false;
        }

        return ecdsa.VerifyData(payload, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static IResult Refuse(ILogger logger, int status, string reason)
    {
        LogRefused(logger, reason);
        return Results.Json(new Problem(reason), SecretScanningJson.Default.Problem, statusCode: status);
    }

    [LoggerMessage(2110, LogLevel.Warning, "Refused a secret-scanning report: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    internal sealed record Match(
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("url")] string? Url,
        [property: JsonPropertyName("source")] string? Source);

    internal sealed record Feedback(
        [property: JsonPropertyName("token_hash")] string TokenHash,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("label")] string Label);

    internal sealed record Problem([property: JsonPropertyName("message")] string Message);
}

[JsonSerializable(typeof(SecretScanningEndpoint.Match[]), TypeInfoPropertyName = "MatchArray")]
[JsonSerializable(typeof(SecretScanningEndpoint.Feedback[]), TypeInfoPropertyName = "FeedbackArray")]
[JsonSerializable(typeof(SecretScanningEndpoint.Problem))]
internal sealed partial class SecretScanningJson : JsonSerializerContext;
