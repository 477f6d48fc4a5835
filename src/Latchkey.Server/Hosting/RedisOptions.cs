namespace Latchkey.Server.Hosting;

/// <summary>
/// Redis for several nodes ("Redis" section): the shared nonce window and the AccessKey change
/// feed. Unset = the in-process ones (one node).
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "latchkey:";
}
