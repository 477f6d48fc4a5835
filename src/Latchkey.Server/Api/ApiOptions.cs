using System.ComponentModel.DataAnnotations;

namespace Latchkey.Server.Api;

/// <summary>Limits of the RPC endpoint and the text of error bodies ("Api" section).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted (bytes). Alibaba's RAM/IMS/STS SDKs send empty bodies.</summary>
    [Range(1024, 10 * 1024 * 1024, ErrorMessage = "Api:MaxBodyBytes must be between 1024 and 10485760 bytes (default 65536); fix it in appsettings.json or LATCHKEY_Api__MaxBodyBytes.")]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Longest raw query string accepted (characters, without the '?').</summary>
    [Range(256, 64 * 1024, ErrorMessage = "Api:MaxQueryLength must be between 256 and 65536 characters (default 8192); fix it in appsettings.json or LATCHKEY_Api__MaxQueryLength.")]
    public int MaxQueryLength { get; set; } = 8 * 1024;

    /// <summary>Most parameters (query and form together) in one request.</summary>
    [Range(10, 10_000, ErrorMessage = "Api:MaxParameters must be between 10 and 10000 (default 200); fix it in appsettings.json or LATCHKEY_Api__MaxParameters.")]
    public int MaxParameters { get; set; } = 200;

    /// <summary>Longest decoded parameter value (characters); STS tokens are the longest legitimate values.</summary>
    [Range(64, 64 * 1024, ErrorMessage = "Api:MaxParameterValueLength must be between 64 and 65536 characters (default 4096); fix it in appsettings.json or LATCHKEY_Api__MaxParameterValueLength.")]
    public int MaxParameterValueLength { get; set; } = 4096;

    /// <summary>
    /// Prefix of the Recommend link in error bodies; the error code follows. Empty (the default)
    /// links to this server's own copy at /docs/errors/{Code}.
    /// </summary>
    /// <summary>
    /// Answer the RPC endpoint ('/') in a branch ahead of endpoint routing (true, the default):
    /// the same metrics, error handling and endpoint, without the route match, the status-code
    /// pages and the console's middleware that never act on '/' (docs/performance.md). False
    /// routes '/' like every other path; the benchmarks and tests compare the two.
    /// </summary>
    public bool AnswerRootBeforeRouting { get; set; } = true;

    [Url(ErrorMessage = "Api:ErrorDocumentationBaseUrl must be an absolute http(s) URL, or empty for this server's own /docs/errors; fix it in appsettings.json or LATCHKEY_Api__ErrorDocumentationBaseUrl.")]
    public string? ErrorDocumentationBaseUrl { get; set; }
}
