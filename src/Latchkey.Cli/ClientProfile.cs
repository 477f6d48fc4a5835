namespace Latchkey.Cli;

/// <summary>One named profile of <c>~/.latchkey/config.json</c>.</summary>
internal sealed class ClientProfile
{
    public string? Endpoint { get; set; }

    public string? AccessKeyId { get; set; }

    public string? AccessKeySecret { get; set; }
}
