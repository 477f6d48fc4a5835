using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Cluster;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Policies;
using Latchkey.Core.Reports;
using Latchkey.Core.Roles;
using Latchkey.Core.Secrets;
using Latchkey.Core.Users;

namespace Latchkey.Core;

/// <summary>One database holding every port; each provider implements all of it.</summary>
public interface ILatchkeyStore : IAccountStore, IRamUserStore, IAccessKeyStore, IAuditStore, ILogonThrottleStore, ILogonSettingsStore,
    IMfaDeviceStore, IPolicyStore, IRoleStore, IAccessKeyChangeLog, IClusterNodeStore, IMasterKeyCheckStore,
    IAccessKeyGuardStore, IAccessKeyUsageStore, IAccessKeyRecycleBinStore, IJobLeaseStore, IIdleAccessKeyStore, ICredentialReportStore,
    IAccessKeyRotationStore
{
    /// <summary>Applies the numbered forward-only migrations not yet applied; safe to call from several nodes at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
}
