using System.ComponentModel.DataAnnotations;

namespace Latchkey.Core;

/// <summary>Request-signature rules: how far a request's timestamp may be from the server clock.</summary>
public sealed class SignatureOptions
{
    public const string SectionName = "Signature";

    /// <summary>Alibaba allows 15 minutes either way; the nonce window follows this value.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "00:15:00", ErrorMessage = "Signature:MaxClockSkew must be between 00:01:00 and 00:15:00 (default 00:15:00); fix it in appsettings.json or LATCHKEY_Signature__MaxClockSkew.")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);
}
