namespace Latchkey.Cli;

/// <summary>
/// One named profile of <c>~/.latchkey/config.json</c>. Mode <c>AK</c> (the default) signs with
/// the AccessKey; mode <c>RamRoleArn</c> (as the aliyun CLI names it) uses that AccessKey only to
/// call STS AssumeRole for <see cref="RamRoleArn"/> and signs with the temporary credentials,
/// cached in <see cref="Sts"/> (the file is owner-only) until shortly before they expire.
/// </summary>
internal sealed class ClientProfile
{
    public const string ModeAccessKey = "AK";
    public const string ModeRamRoleArn = "RamRoleArn";

    public string? Endpoint { get; set; }

    public string? Mode { get; set; }

    public string? AccessKeyId { get; set; }

    public string? AccessKeySecret { get; set; }

    public string? RamRoleArn { get; set; }

    public string? RoleSessionName { get; set; }

    public int? DurationSeconds { get; set; }

    public StsCache? Sts { get; set; }

    /// <summary>The temporary credentials last obtained with AssumeRole.</summary>
    internal sealed class StsCache
    {
        public string AccessKeyId { get; set; } = "";

        public string AccessKeySecret { get; set; } = "";

        public string SecurityToken { get; set; } = "";

        public DateTimeOffset Expiration { get; set; }

        public string RamRoleArn { get; set; } = "";
    }
}
