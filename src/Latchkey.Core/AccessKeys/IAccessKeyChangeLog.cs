namespace Latchkey.Core.AccessKeys;

/// <summary>
/// The store's durable record of key changes (an outbox): every change that can make a cached
/// key wrong (status, deletion, creation, the owner renamed) appends a row in the same
/// transaction as the change itself, so a committed change is never lost, even when the change
/// feed (Redis) is down. Sequences are handed out in commit order: a reader that has seen
/// sequence N has seen every change committed before it.
/// </summary>
public interface IAccessKeyChangeLog
{
    /// <summary>The newest sequence committed (0 when there is none): where a starting node begins reading.</summary>
    Task<long> GetLatestAccessKeyChangeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends a change that is not a key's own (a subject no AccessKeyId can be, such as
    /// <c>permissions:&lt;AccountId&gt;</c>) in a transaction of its own, after the change it
    /// announces has committed, so every node reads it on its next poll.
    /// </summary>
    Task AppendChangeAsync(string subject, DateTimeOffset changedAt, CancellationToken cancellationToken);

    /// <summary>Changes with a sequence above <paramref name="afterSequence"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AccessKeyChange>> ReadAccessKeyChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Forgets changes recorded before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAccessKeyChangesAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
