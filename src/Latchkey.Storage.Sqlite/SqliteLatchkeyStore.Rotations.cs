using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Storage.Sqlite;

/// <summary>AccessKey rotations: the behaviour is <see cref="SqlAccessKeyRotationStore"/>, shared with the other provider.</summary>
public sealed partial class SqliteLatchkeyStore
{
    private SqlAccessKeyRotationStore? _rotationStore;

    private SqlAccessKeyRotationStore Rotations => _rotationStore ??= new SqlAccessKeyRotationStore(new PolicyDialect(this));

    public Task<Result> AddAccessKeyRotationAsync(AccessKeyRotation rotation, AuditEvent audit, CancellationToken cancellationToken) =>
        Rotations.AddAccessKeyRotationAsync(rotation, audit, cancellationToken);

    public Task<AccessKeyRotation?> FindAccessKeyRotationAsync(string rotationId, CancellationToken cancellationToken) =>
        Rotations.FindAccessKeyRotationAsync(rotationId, cancellationToken);

    public Task<AccessKeyRotation?> FindOpenAccessKeyRotationAsync(string accessKeyId, CancellationToken cancellationToken) =>
        Rotations.FindOpenAccessKeyRotationAsync(accessKeyId, cancellationToken);

    public Task<IReadOnlyList<AccessKeyRotation>> ListAccessKeyRotationsAsync(string accountId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Rotations.ListAccessKeyRotationsAsync(accountId, since, cancellationToken);

    public Task<IReadOnlyList<AccessKeyRotation>> ListOpenAccessKeyRotationsAsync(int limit, CancellationToken cancellationToken) =>
        Rotations.ListOpenAccessKeyRotationsAsync(limit, cancellationToken);

    public Task<bool> UpdateAccessKeyRotationAsync(AccessKeyRotation rotation, AccessKeyRotationState expected, AuditEvent? audit, CancellationToken cancellationToken) =>
        Rotations.UpdateAccessKeyRotationAsync(rotation, expected, audit, cancellationToken);

    public Task<int> DeleteFinishedAccessKeyRotationsAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        Rotations.DeleteFinishedAccessKeyRotationsAsync(before, cancellationToken);
}
