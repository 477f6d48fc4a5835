using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;

namespace Latchkey.Core.Mfa;

/// <summary>
/// Persistence of virtual MFA devices. A device name is unique per account (case-insensitively);
/// an identity has at most one bound device. Every change is written with its audit event.
/// </summary>
public interface IMfaDeviceStore
{
    /// <summary>EntityAlreadyExists.VirtualMFADevice when the name is taken; LimitExceeded.VirtualMFADevice past <paramref name="maxPerAccount"/>.</summary>
    Task<Result> AddMfaDeviceAsync(MfaDevice device, int maxPerAccount, AuditEvent audit, CancellationToken cancellationToken);

    Task<MfaDevice?> FindMfaDeviceAsync(string accountId, string serialNumber, CancellationToken cancellationToken);

    /// <summary>The device bound to <paramref name="principalId"/> (a UserId, or the AccountId for the account itself).</summary>
    Task<MfaDevice?> FindBoundMfaDeviceAsync(string accountId, string principalId, CancellationToken cancellationToken);

    /// <summary>The account's devices, by creation.</summary>
    Task<IReadOnlyList<MfaDevice>> ListMfaDevicesAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Binds an unbound device, atomically: EntityNotExist.VirtualMFADevice, EntityAlreadyExists.VirtualMFADevice.User
    /// (bound already), EntityAlreadyExists.User.MFADevice (the identity has one).
    /// </summary>
    Task<Result> BindMfaDeviceAsync(string accountId, string serialNumber, string principalId, DateTimeOffset activateDate, long lastStep, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Unbinds the identity's device and returns its serial number; EntityNotExist.User.MFADevice when none.</summary>
    Task<Result<string>> UnbindMfaDeviceAsync(string accountId, string principalId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Deletes an unbound device: EntityNotExist.VirtualMFADevice, DeleteConflict.VirtualMFADevice.User.</summary>
    Task<Result> DeleteMfaDeviceAsync(string accountId, string serialNumber, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="usedStep"/> as used only if it is newer than the last one, in one statement: false means a replay.</summary>
    Task<bool> AdvanceMfaStepAsync(string accountId, string serialNumber, long usedStep, CancellationToken cancellationToken);

    /// <summary>Every device of every account, for master key rotation and retirement.</summary>
    Task<IReadOnlyList<MfaDevice>> ListAllMfaDevicesAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="seed"/> (the same seed, sealed again) for the device; nothing else changes.</summary>
    Task ReplaceMfaSeedAsync(string accountId, string serialNumber, ProtectedSecret seed, CancellationToken cancellationToken);
}
