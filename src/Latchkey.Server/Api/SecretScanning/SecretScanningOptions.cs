using Latchkey.Core.KeyGuard;

namespace Latchkey.Server.Api.SecretScanning;

/// <summary>
/// The leak intake ("SecretScanning" section): the public keys GitHub signs secret-scanning reports
/// with, by key identifier (GitHub publishes them at
/// https://api.github.com/meta/public_keys/secret_scanning), and what a report does to the key.
/// No key configured = the intake answers 404.
/// </summary>
public sealed class SecretScanningOptions
{
    public const string SectionName = "SecretScanning";

    /// <summary>
    /// Key identifier (GITHUB-PUBLIC-KEY-IDENTIFIER) → ECDSA P-256 public key, as PEM text or as the
    /// path of a PEM file, e.g. <c>LATCHKEY_SecretScanning__GitHubPublicKeys__90a4...=/etc/latchkey/github-90a4.pem</c>.
    /// </summary>
    public Dictionary<string, string> GitHubPublicKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Disable (default: the key becomes Inactive) or Restrict (Alibaba's leak protection: RAM and IMS refused).</summary>
    public LeakAction Action { get; set; } = LeakAction.Disable;

    /// <summary>Most tokens one report may carry.</summary>
    public int MaxTokensPerReport { get; set; } = 100;

    /// <summary>
    /// Most reports one source address may post per minute, counted before the signature check,
    /// so a flood of forged reports costs no more than this many ECDSA verifications a minute;
    /// beyond it the intake answers 429 with Retry-After. 0 turns the limit off.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 100_000, ErrorMessage = "SecretScanning:MaxReportsPerMinutePerSource must be between 0 (no limit) and 100000 (default 60).")]
    public int MaxReportsPerMinutePerSource { get; set; } = 60;
}
