using System.Text.RegularExpressions;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Paging;
using Latchkey.Core.Results;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Policies;

/// <summary>
/// Custom policies and their versions, and the read side of system policies (spec
/// ram-policies.md §6.1). Documents are compiled on every write, so a malformed one never lands.
/// </summary>
public sealed partial class PolicyService(IPolicyStore store, TimeProvider time, IOptions<IdentityOptions> options, PermissionChanges permissions)
{
    public const int MaxPolicyName = 128;
    public const int MaxDescription = 1024;

    private readonly IdentityOptions _options = options.Value;

    public async Task<Result<CustomPolicy>> CreateAsync(AuditContext ctx, string? policyName, string? description, string? document, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (ValidateName(policyName) is { } nameError)
        {
            return nameError;
        }

        description ??= "";
        if (description.Length > MaxDescription)
        {
            return Errors.Policy.DescriptionLength;
        }

        if (PolicyDocument.Compile(document) is { IsSuccess: false } invalid)
        {
            return invalid.Error;
        }

        if (SystemPolicies.Get(policyName) is not null)
        {
            return Errors.Policy.AlreadyExists;
        }

        var now = time.GetUtcNow();
        var policy = new CustomPolicy(ctx.Actor.AccountId, policyName!, description, "v1", now, now);
        var audit = AuditEvents.Create(ctx, time, "CreatePolicy", "Policy", policyName!);
        return await store.AddPolicyAsync(policy, document!, _options.MaxPoliciesPerAccount, audit, ct);
    }

    /// <summary>The policy and its default version.</summary>
    public async Task<Result<(PolicyInfo Policy, PolicyVersion DefaultVersion)>> GetAsync(string accountId, string? policyName, string? policyType, CancellationToken ct)
    {
        var found = await FindAsync(accountId, policyName, policyType, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var versions = await VersionsOfAsync(accountId, found.Value, ct);
        return (found.Value, versions.First(v => v.IsDefaultVersion));
    }

    /// <summary>System policies first, then custom ones oldest first; PolicyType narrows to one kind.</summary>
    public async Task<Result<Page<PolicyInfo>>> ListAsync(string accountId, string? policyType, string? marker, int? maxItems, CancellationToken ct)
    {
        string? type = null;
        if (!string.IsNullOrEmpty(policyType) && (type = PolicyTypes.Parse(policyType)) is null)
        {
            return Errors.Policy.InvalidPolicyType;
        }

        var all = new List<PolicyInfo>();
        if (type is null or PolicyTypes.System)
        {
            foreach (var system in SystemPolicies.All)
            {
                all.Add(await SystemInfoAsync(accountId, system, ct));
            }
        }

        if (type is null or PolicyTypes.Custom)
        {
            all.AddRange((await store.ListCustomPoliciesAsync(accountId, ct)).Select(ToInfo));
        }

        return ListPaging.Page(all, marker, maxItems, 1000);
    }

    public async Task<Result<PolicyInfo>> UpdateDescriptionAsync(AuditContext ctx, string? policyName, string? newDescription, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(policyName))
        {
            return Errors.Missing("PolicyName");
        }

        newDescription ??= "";
        if (newDescription.Length > MaxDescription)
        {
            return Errors.Policy.NewDescriptionLength;
        }

        var audit = AuditEvents.Create(ctx, time, "UpdatePolicyDescription", "Policy", policyName);
        var updated = await store.UpdatePolicyDescriptionAsync(ctx.Actor.AccountId, policyName, newDescription, time.GetUtcNow(), audit, ct);
        return updated.IsSuccess ? ToInfo(updated.Value) : updated.Error;
    }

    public async Task<Result> DeleteAsync(AuditContext ctx, string? policyName, bool cascade, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(policyName))
        {
            return Errors.Missing("PolicyName");
        }

        var audit = AuditEvents.Create(ctx, time, "DeletePolicy", "Policy", policyName, cascade ? "CascadingDelete=true" : "") with { ChangesPermissions = true };
        return await PublishAsync(ctx, await store.DeletePolicyAsync(ctx.Actor.AccountId, policyName, cascade, audit, ct), ct);
    }

    public async Task<Result<PolicyVersion>> CreateVersionAsync(AuditContext ctx, string? policyName, string? document, bool setAsDefault, string? rotateStrategy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(policyName))
        {
            return Errors.Missing("PolicyName");
        }

        var rotation = PolicyVersionRotation.None;
        if (!string.IsNullOrEmpty(rotateStrategy) && !Enum.TryParse(rotateStrategy, ignoreCase: false, out rotation))
        {
            return Errors.Policy.RotateStrategy;
        }

        if (PolicyDocument.Compile(document) is { IsSuccess: false } invalid)
        {
            return invalid.Error;
        }

        var audit = AuditEvents.Create(ctx, time, "CreatePolicyVersion", "Policy", policyName, setAsDefault ? "SetAsDefault=true" : "") with { ChangesPermissions = setAsDefault };
        var created = await store.AddPolicyVersionAsync(ctx.Actor.AccountId, policyName, document!, setAsDefault, rotation, _options.MaxVersionsPerPolicy, time.GetUtcNow(), audit, ct);
        if (created.IsSuccess && setAsDefault)
        {
            await permissions.PublishAsync(ctx.Actor.AccountId, ct);
        }

        return created;
    }

    public async Task<Result<PolicyVersion>> GetVersionAsync(string accountId, string? policyName, string? policyType, string? versionId, CancellationToken ct)
    {
        if (ValidateVersionId(versionId) is { } versionError)
        {
            return versionError;
        }

        var versions = await ListVersionsAsync(accountId, policyName, policyType, ct);
        if (!versions.IsSuccess)
        {
            return versions.Error;
        }

        return versions.Value.FirstOrDefault(v => v.VersionId == versionId) is { } version ? version : Errors.Policy.VersionNotFound;
    }

    public async Task<Result<IReadOnlyList<PolicyVersion>>> ListVersionsAsync(string accountId, string? policyName, string? policyType, CancellationToken ct)
    {
        var found = await FindAsync(accountId, policyName, policyType, ct);
        return found.IsSuccess ? Result.Of(await VersionsOfAsync(accountId, found.Value, ct)) : found.Error;
    }

    public async Task<Result> DeleteVersionAsync(AuditContext ctx, string? policyName, string? versionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(policyName))
        {
            return Errors.Missing("PolicyName");
        }

        if (ValidateVersionId(versionId) is { } versionError)
        {
            return versionError;
        }

        var audit = AuditEvents.Create(ctx, time, "DeletePolicyVersion", "Policy", policyName, versionId!);
        return await store.DeletePolicyVersionAsync(ctx.Actor.AccountId, policyName, versionId!, audit, ct);
    }

    public async Task<Result> SetDefaultVersionAsync(AuditContext ctx, string? policyName, string? versionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(policyName))
        {
            return Errors.Missing("PolicyName");
        }

        if (ValidateVersionId(versionId) is { } versionError)
        {
            return versionError;
        }

        var audit = AuditEvents.Create(ctx, time, "SetDefaultPolicyVersion", "Policy", policyName, versionId!) with { ChangesPermissions = true };
        return await PublishAsync(ctx, await store.SetDefaultPolicyVersionAsync(ctx.Actor.AccountId, policyName, versionId!, time.GetUtcNow(), audit, ct), ct);
    }

    public async Task<Result<PolicyEntities>> ListEntitiesAsync(string accountId, string? policyName, string? policyType, CancellationToken ct)
    {
        var found = await FindAsync(accountId, policyName, policyType, ct);
        return found.IsSuccess
            ? await store.ListEntitiesForPolicyAsync(accountId, found.Value.PolicyName, found.Value.PolicyType, ct)
            : found.Error;
    }

    /// <summary>Description and default version of attached policies (a Custom one deleted meanwhile is left out).</summary>
    public async Task<IReadOnlyList<AttachedPolicy>> DescribeAsync(string accountId, IEnumerable<(string PolicyName, string PolicyType, DateTimeOffset AttachDate)> attachments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var described = new List<AttachedPolicy>();
        foreach (var (name, type, date) in attachments)
        {
            if (type == PolicyTypes.System && SystemPolicies.Get(name) is { } system)
            {
                described.Add(new AttachedPolicy(system.PolicyName, type, system.Description, system.DefaultVersion, date));
            }
            else if (type == PolicyTypes.Custom && await store.FindPolicyAsync(accountId, name, ct) is { } custom)
            {
                described.Add(new AttachedPolicy(custom.PolicyName, type, custom.Description, custom.DefaultVersion, date));
            }
        }

        return described;
    }

    /// <summary>A System or Custom policy by exact PolicyType and case-insensitive name.</summary>
    public async Task<Result<PolicyInfo>> FindAsync(string accountId, string? policyName, string? policyType, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(policyName))
        {
            return Errors.Missing("PolicyName");
        }

        if (string.IsNullOrEmpty(policyType))
        {
            return Errors.Missing("PolicyType");
        }

        switch (PolicyTypes.Parse(policyType))
        {
            case PolicyTypes.System:
                return SystemPolicies.Get(policyName) is { } system ? await SystemInfoAsync(accountId, system, ct) : Errors.Policy.NotFound;
            case PolicyTypes.Custom:
                return await store.FindPolicyAsync(accountId, policyName, ct) is { } custom ? ToInfo(custom) : Errors.Policy.NotFound;
            default:
                return Errors.Policy.InvalidPolicyType;
        }
    }

    private async Task<IReadOnlyList<PolicyVersion>> VersionsOfAsync(string accountId, PolicyInfo policy, CancellationToken ct)
    {
        if (policy.PolicyType == PolicyTypes.System)
        {
            var system = SystemPolicies.Get(policy.PolicyName)!;
            return [new PolicyVersion(system.DefaultVersion, true, system.Document, system.CreateDate)];
        }

        return await store.ListPolicyVersionsAsync(accountId, policy.PolicyName, ct);
    }

    private async Task<PolicyInfo> SystemInfoAsync(string accountId, SystemPolicy system, CancellationToken ct)
    {
        var entities = await store.ListEntitiesForPolicyAsync(accountId, system.PolicyName, PolicyTypes.System, ct);
        return new PolicyInfo(system.PolicyName, PolicyTypes.System, system.Description, system.DefaultVersion, system.CreateDate, system.UpdateDate, entities.Count);
    }

    private async Task<Result> PublishAsync(AuditContext ctx, Result result, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            await permissions.PublishAsync(ctx.Actor.AccountId, ct);
        }

        return result;
    }

    private static PolicyInfo ToInfo(CustomPolicy policy) =>
        new(policy.PolicyName, PolicyTypes.Custom, policy.Description, policy.DefaultVersion, policy.CreateDate, policy.UpdateDate, policy.AttachmentCount);

    private static ApiError? ValidateName(string? policyName)
    {
        if (string.IsNullOrEmpty(policyName))
        {
            return Errors.Missing("PolicyName");
        }

        if (policyName.Length > MaxPolicyName)
        {
            return Errors.Policy.NameLength;
        }

        return PolicyNamePattern().IsMatch(policyName) ? null : Errors.Policy.NameInvalidChars;
    }

    private static ApiError? ValidateVersionId(string? versionId)
    {
        if (string.IsNullOrEmpty(versionId))
        {
            return Errors.Missing("VersionId");
        }

        return VersionIdPattern().IsMatch(versionId) ? null : Errors.Policy.VersionIdFormat;
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex PolicyNamePattern();

    [GeneratedRegex("^v[1-9][0-9]{0,8}$")]
    private static partial Regex VersionIdPattern();
}
