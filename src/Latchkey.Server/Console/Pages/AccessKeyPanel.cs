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

    public bool AtLimit => Keys.Count >= Limit;

    public string LimitMessage => LimitMessageFor(ForRamUser, Limit);

    public static string LimitMessageFor(bool forRamUser, int limit) => forRamUser
        ? $"You can create a maximum of {limit} AccessKey pairs for each RAM user. To create a new AccessKey pair, disable and delete an old one first."
        : $"This account can have at most {limit} AccessKey pairs. To create a new AccessKey pair, disable and delete an old one first.";
}
