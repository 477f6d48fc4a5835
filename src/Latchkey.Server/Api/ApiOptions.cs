using System.ComponentModel.DataAnnotations;

namespace Latchkey.Server.Api;

/// <summary>Limits of the RPC endpoint and the text of error bodies ("Api" section).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted (bytes). Alibaba's RAM/IMS/STS SDKs send empty bodies.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Longest raw query string accepted (characters, without the '?').</summary>
    [Range(256, 64 * 1024)]
    public int MaxQueryLength { get; set; } = 8 * 1024;

    /// <summary>Most parameters (query and form together) in one request.</summary>
    [Range(10, 10_000)]
    public int MaxParameters { get; set; } = 200;

    /// <summary>Longest decoded parameter value (characters); STS tokens are the longest legitimate values.</summary>
    [Range(64, 64 * 1024)]
    public int MaxParameterValueLength { get; set; } = 4096;

    /// <summary>
    /// Prefix of the Recommend link in error bodies; the error code follows. Empty (the default)
    /// links to this server's own copy at /docs/errors/{Code}.
    /// </summary>
    [Url]
    public string? ErrorDocumentationBaseUrl { get; set; }
}
