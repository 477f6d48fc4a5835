using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Console.Pages;

/// <summary>The AccessKey table with its Create, Disable/Enable and Delete forms, for the account or one RAM user.</summary>
public sealed class AccessKeyPanel
{
    public required IReadOnlyList<AccessKey> Keys { get; init; }

    public required int Limit { get; init; }

    /// <summary>True when the keys belong to a RAM user (the limit is then always 2).</summary>
    public required bool ForRamUser { get; init; }

    /// <summary>The GET page the forms return to.</summary>
    public required string ReturnUrl { get; init; }

    public CreatedAccessKeyView? Created { get; init; }

    public string? Error { get; init; }

    public string? Notice { get; init; }

    /// <summary>The owner's server-side rotations, open and recently finished, newest first.</summary>
    public IReadOnlyList<AccessKeyRotation> Rotations { get; init; } = [];

    /// <summary>The grace-period choices of the Rotate form (minutes, label); <see cref="DefaultGraceMinutes"/> is preselected.</summary>
    public IReadOnlyList<(int Minutes, string Label)> GracePresets { get; init; } = DefaultGracePresets;

    public int DefaultGraceMinutes { get; init; } = 15;

    /// <summary>The link to the owner's recycle bin page, when the caller may see it.</summary>
    public string? RecycleBinUrl { get; init; }

    public static IReadOnlyList<(int Minutes, string Label)> DefaultGracePresets { get; } =
        [(5, "5 minutes"), (15, "15 minutes"), (60, "1 hour"), (1440, "1 day"), (10080, "7 days")];

    public bool AtLimit => Keys.Count >= Limit;

    /// <summary>The newest rotation whose old key is <paramref name="accessKeyId"/>, if any.</summary>
    public AccessKeyRotation? RotationOf(string accessKeyId) =>
        Rotations.FirstOrDefault(r => string.Equals(r.OldAccessKeyId, accessKeyId, StringComparison.Ordinal));

    /// <summary>The open rotation whose new key is <paramref name="accessKeyId"/>, if any.</summary>
    public AccessKeyRotation? RotationTo(string accessKeyId) =>
        Rotations.FirstOrDefault(r => r.IsOpen && string.Equals(r.NewAccessKeyId, accessKeyId, StringComparison.Ordinal));

    /// <summary>Rotations that moved their old key to the recycle bin, for keys no longer in the table.</summary>
    public IEnumerable<AccessKeyRotation> RecycledRotations =>
        Rotations.Where(r => r.State == AccessKeyRotationState.Recycled && !Keys.Any(k => string.Equals(k.AccessKeyId, r.OldAccessKeyId, StringComparison.Ordinal)));

    public string LimitMessage => LimitMessageFor(ForRamUser, Limit);

    public static string LimitMessageFor(bool forRamUser, int limit) => forRamUser
        ? $"You can create a maximum of {limit} AccessKey pairs for each RAM user. To create a new AccessKey pair, disable and delete an old one first."
        : $"This account can have at most {limit} AccessKey pairs. To create a new AccessKey pair, disable and delete an old one first.";
}
