using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Authentication;
using Latchkey.Core.Authorization;
using Latchkey.Core.Cluster;
using Latchkey.Core.Audit;
using Latchkey.Core.Groups;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Policies;
using Latchkey.Core.Reports;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Roles;
using Latchkey.Core.Sts;
using Latchkey.Core.Secrets;
using Latchkey.Core.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Latchkey.Core;

public static class LatchkeyCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers options (validated at start), the Core services, TimeProvider.System, the
    /// in-process nonce store and change feed (TryAdd: a host may register Redis ones first or
    /// replace them) and the secret protector over the master key. The host registers ILatchkeyStore.
    /// </summary>
    public static IServiceCollection AddLatchkeyCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SignatureOptions>().Bind(configuration.GetSection(SignatureOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection(IdentityOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NonceStoreOptions>().Bind(configuration.GetSection(NonceStoreOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ThrottlingOptions>().Bind(configuration.GetSection(ThrottlingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StsOptions>().Bind(configuration.GetSection(StsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AccessKeyLifecycleOptions>().Bind(configuration.GetSection(AccessKeyLifecycleOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MasterKeyOptions>().Bind(configuration.GetSection(MasterKeyOptions.SectionName)).ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INonceStore, InMemoryNonceStore>();
        services.TryAddSingleton<InProcessAccessKeyChangeFeed>();
        services.TryAddSingleton<IAccessKeyChangeFeed>(sp => sp.GetRequiredService<InProcessAccessKeyChangeFeed>());
        services.TryAddSingleton(sp => MasterKeyRing.LoadOrCreate(sp.GetRequiredService<IOptions<MasterKeyOptions>>().Value));
        services.TryAddSingleton<ISecretProtector>(sp => new AesGcmSecretProtector(sp.GetRequiredService<MasterKeyRing>()));

        services.TryAddSingleton<AccountService>();
        services.TryAddSingleton<RamUserService>();
        services.TryAddSingleton<AccessKeyService>();
        services.TryAddSingleton<AccessKeyRecycleBin>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJob, RecycleBinPurgeJob>());
        services.TryAddSingleton<IdleAccessKeys>();
        services.TryAddSingleton<CredentialReports>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJob, IdleAccessKeyJob>());
        services.TryAddSingleton<AccessKeyRotations>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJob, AccessKeyRotationJob>());
        services.TryAddSingleton<ScheduledJobRunner>();
        services.TryAddSingleton<LogonService>();
        services.TryAddSingleton<PasswordPolicyService>();
        services.TryAddSingleton<SecurityPreferenceService>();
        services.TryAddSingleton<MfaService>();
        services.TryAddSingleton<PermissionChanges>();
        services.TryAddSingleton<PermissionCache>();
        services.TryAddSingleton<DiagnosticMessages>();
        services.TryAddSingleton<Authorizer>();
        services.TryAddSingleton<PolicyService>();
        services.TryAddSingleton<GroupService>();
        services.TryAddSingleton<RoleService>();
        services.TryAddSingleton<SessionTokenSealer>();
        services.TryAddSingleton<SessionCredentials>();
        services.TryAddSingleton<StsService>();
        services.TryAddSingleton<IAccessKeyStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IAccountStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IRamUserStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IPolicyStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IRoleStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IAuditStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IMfaDeviceStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<ILogonThrottleStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<ILogonSettingsStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IAccessKeyChangeLog>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IClusterNodeStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IMasterKeyCheckStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IAccessKeyRecycleBinStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IJobLeaseStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IIdleAccessKeyStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<ICredentialReportStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IAccessKeyRotationStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<AccessKeyCache>();
        services.TryAddSingleton<KnownAccessKeyIds>();
        services.TryAddSingleton<FailedAuthenticationLimiter>();
        services.TryAddSingleton<LastUseRecorder>();
        services.TryAddSingleton<KeyUsageRecorder>();
        services.TryAddSingleton<IAccessKeyUsageStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<IAccessKeyGuardStore>(sp => sp.GetRequiredService<ILatchkeyStore>());
        services.TryAddSingleton<AccessKeyGuardService>();
        services.TryAddSingleton<RequestAuthenticator>();
        return services;
    }
}
