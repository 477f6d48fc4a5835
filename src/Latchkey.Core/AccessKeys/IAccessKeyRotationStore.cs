using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Core.AccessKeys;

/// <summary>
/// Server-side AccessKey rotations (<see cref="AccessKeyRotation"/>). A key is in at most one open
/// rotation (as its old or its new key); every change that carries an audit event writes it in the
/// same transaction. Rows keep no secret.
/// </summary>
public interface IAccessKeyRotationStore
{
    /// <summary>
    /// Records a new rotation; EntityAlreadyExists.AccessKeyRotation when its old or new key is
    /// already in an open rotation (atomic across nodes).
    /// </summary>
    Task<Result> AddAccessKeyRotationAsync(AccessKeyRotation rotation, AuditEvent audit, CancellationToken cancellationToken);

    Task<AccessKeyRotation?> FindAccessKeyRotationAsync(string rotationId, CancellationToken cancellationToken);

    /// <summary>The open rotation whose old or new key is <paramref name="accessKeyId"/>, or null.</summary>
    Task<AccessKeyRotation?> FindOpenAccessKeyRotationAsync(string accessKeyId, CancellationToken cancellationToken);

    /// <summary>The account's rotations that are open or changed at or after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<AccessKeyRotation>> ListAccessKeyRotationsAsync(string accountId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Open rotations of every account, oldest first, at most <paramref name="limit"/> (the rotation job's work).</summary>
    Task<IReadOnlyList<AccessKeyRotation>> ListOpenAccessKeyRotationsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the rotation's state, state time, last seen use, observed calls and end reason when
    /// its stored state is still <paramref name="expected"/>; false otherwise (someone else moved it).
    /// Writes <paramref name="audit"/> with it when given.
    /// </summary>
    Task<bool> UpdateAccessKeyRotationAsync(AccessKeyRotation rotation, AccessKeyRotationState expected, AuditEvent? audit, CancellationToken cancellationToken);

    /// <summary>Forgets finished rotations (not open) whose state changed before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteFinishedAccessKeyRotationsAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
