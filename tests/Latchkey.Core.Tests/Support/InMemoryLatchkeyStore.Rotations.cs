using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Core.Tests.Support;

internal sealed partial class InMemoryLatchkeyStore
{
    private readonly Dictionary<string, AccessKeyRotation> _rotations = new(StringComparer.Ordinal);

    public Task<Result> AddAccessKeyRotationAsync(AccessKeyRotation rotation, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            string[] ids = [rotation.OldAccessKeyId, rotation.NewAccessKeyId];
            if (_rotations.Values.Any(r => r.IsOpen && (ids.Contains(r.OldAccessKeyId) || ids.Contains(r.NewAccessKeyId))))
            {
                return Task.FromResult<Result>(Errors.Rotation.InProgress);
            }

            _rotations.Add(rotation.RotationId, rotation);
            _audit.Add(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<AccessKeyRotation?> FindAccessKeyRotationAsync(string rotationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rotations.GetValueOrDefault(rotationId));
        }
    }

    public Task<AccessKeyRotation?> FindOpenAccessKeyRotationAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rotations.Values.FirstOrDefault(r => r.IsOpen && (r.OldAccessKeyId == accessKeyId || r.NewAccessKeyId == accessKeyId)));
        }
    }

    public Task<IReadOnlyList<AccessKeyRotation>> ListAccessKeyRotationsAsync(string accountId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccessKeyRotation>>(_rotations.Values
                .Where(r => r.AccountId == accountId && (r.IsOpen || r.StateChangedAt >= since))
                .OrderByDescending(r => r.StartedAt)
                .ThenByDescending(r => r.RotationId, StringComparer.Ordinal)
                .ToList());
        }
    }

    public Task<IReadOnlyList<AccessKeyRotation>> ListOpenAccessKeyRotationsAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccessKeyRotation>>(_rotations.Values
                .Where(r => r.IsOpen)
                .OrderBy(r => r.StartedAt)
                .ThenBy(r => r.RotationId, StringComparer.Ordinal)
                .Take(limit)
                .ToList());
        }
    }

    public Task<bool> UpdateAccessKeyRotationAsync(AccessKeyRotation rotation, AccessKeyRotationState expected, AuditEvent? audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_rotations.TryGetValue(rotation.RotationId, out var stored) || stored.State != expected)
            {
                return Task.FromResult(false);
            }

            // Only the moving parts change, as in the SQL stores.
            _rotations[rotation.RotationId] = stored with
            {
                State = rotation.State,
                StateChangedAt = rotation.StateChangedAt,
                LastSeenUse = rotation.LastSeenUse,
                ObservedCalls = rotation.ObservedCalls,
                EndReason = rotation.EndReason,
            };
            if (audit is not null)
            {
                _audit.Add(audit);
            }

            return Task.FromResult(true);
        }
    }

    public Task<int> DeleteFinishedAccessKeyRotationsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var gone = _rotations.Values.Where(r => !r.IsOpen && r.StateChangedAt < before).Select(r => r.RotationId).ToList();
            foreach (var id in gone)
            {
                _rotations.Remove(id);
            }

            return Task.FromResult(gone.Count);
        }
    }
}
