namespace Latchkey.Core.KeyGuard;

/// <summary>What a leak report does to the key it names.</summary>
public enum LeakAction
{
    /// <summary>The key becomes Inactive: nothing verifies any more.</summary>
    Disable,

    /// <summary>
    /// The key stays Active but every RAM and IMS call signed with it is refused with Alibaba's
    /// <c>Forbidden</c> "There is a risk of leakage of this AccessKey." (AccessKey restrictive protection).
    /// </summary>
    Restrict,
}
