using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using Latchkey.Core.Roles;

namespace Latchkey.Storage.Contract;

/// <summary>RAM roles and their policy attachments: one contract for every provider.</summary>
public abstract partial class StoreContractTests
{
    private const string TrustDocument = """{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1:root"]}}]}""";

    private static RamRole Role(string accountId, string name) =>
        new(accountId, TestData.NewId("3"), name, "desc", TrustDocument, 3600, TestData.T0, TestData.T0);

    [Fact]
    public async Task Roles_round_trip_with_names_unique_case_insensitively_and_a_limit()
    {
        var account = await AddAccountAsync();
        var role = Role(account.AccountId, "Deployer");
        Assert.Equal(role, (await Store.AddRoleAsync(role, 2, TestData.Audit(account.AccountId, "CreateRole", "Deployer"), None)).Value);
        Assert.Equal(Errors.Role.AlreadyExists, (await OtherNode.AddRoleAsync(Role(account.AccountId, "DEPLOYER"), 2, TestData.Audit(account.AccountId, "CreateRole", "x"), None)).Error);
        Assert.True((await Store.AddRoleAsync(Role(account.AccountId, "Second") with { CreateDate = TestData.T0.AddSeconds(1) }, 2, TestData.Audit(account.AccountId, "CreateRole", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Role.LimitExceeded, (await Store.AddRoleAsync(Role(account.AccountId, "Third"), 2, TestData.Audit(account.AccountId, "CreateRole", "x"), None)).Error);

        Assert.Equal(role, await OtherNode.FindRoleAsync(account.AccountId, "deployer", None));
        Assert.Equal(role, await OtherNode.FindRoleByIdAsync(account.AccountId, role.RoleId, None));
        Assert.Null(await Store.FindRoleByIdAsync("9999999999999999", role.RoleId, None));
        Assert.Equal(["Deployer", "Second"], (await Store.ListRolesAsync(account.AccountId, None)).Select(r => r.RoleName));
        Assert.Equal($"acs:ram::{account.AccountId}:role/deployer", role.Arn);

        var later = TestData.T0.AddHours(1);
        var updated = role with { Description = "new", AssumeRolePolicyDocument = TrustDocument + " ", MaxSessionDuration = 43200, SessionsNotBefore = later, UpdateDate = later };
        Assert.Equal(updated, (await Store.UpdateRoleAsync(updated, TestData.Audit(account.AccountId, "UpdateRole", "Deployer"), None)).Value);
        Assert.Equal(updated, await OtherNode.FindRoleAsync(account.AccountId, "Deployer", None));
        Assert.Equal(Errors.Role.NotFound, (await Store.UpdateRoleAsync(updated with { RoleId = "404" }, TestData.Audit(account.AccountId, "UpdateRole", "x"), None)).Error);

        Assert.True((await Store.DeleteRoleAsync(account.AccountId, role.RoleId, TestData.Audit(account.AccountId, "DeleteRole", "Deployer"), None)).IsSuccess);
        Assert.Null(await OtherNode.FindRoleAsync(account.AccountId, "Deployer", None));
        Assert.Equal(Errors.Role.NotFound, (await Store.DeleteRoleAsync(account.AccountId, role.RoleId, TestData.Audit(account.AccountId, "DeleteRole", "x"), None)).Error);

        var events = (await Store.ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items;
        Assert.Equal(2, events.Count(e => e.EventName == "CreateRole"));
        Assert.Single(events, e => e.EventName == "UpdateRole");
        Assert.Single(events, e => e.EventName == "DeleteRole");
    }

    [Fact]
    public async Task Role_attachments_keep_their_conflicts_and_limits_and_show_in_policy_entities()
    {
        var account = await AddAccountAsync();
        var role = Role(account.AccountId, "Reader");
        Assert.True((await Store.AddRoleAsync(role, 10, TestData.Audit(account.AccountId, "CreateRole", "Reader"), None)).IsSuccess);
        Assert.True((await Store.AddPolicyAsync(Policy(account.AccountId, "RoleCustom"), Document, 10, TestData.Audit(account.AccountId, "CreatePolicy", "x"), None)).IsSuccess);
        var custom = new RolePolicyAttachment(account.AccountId, role.RoleId, "RoleCustom", PolicyTypes.Custom, TestData.T0);
        var system = new RolePolicyAttachment(account.AccountId, role.RoleId, "ReadOnlyAccess", PolicyTypes.System, TestData.T0.AddSeconds(1));

        Assert.Equal(Errors.Policy.NotFound, (await Store.AttachRolePolicyAsync(custom with { PolicyName = "Missing" }, 5, TestData.Audit(account.AccountId, "AttachPolicyToRole", "x"), None)).Error);
        Assert.Equal(Errors.Role.NotFound, (await Store.AttachRolePolicyAsync(custom with { RoleId = "404" }, 5, TestData.Audit(account.AccountId, "AttachPolicyToRole", "x"), None)).Error);
        Assert.True((await Store.AttachRolePolicyAsync(custom, 1, TestData.Audit(account.AccountId, "AttachPolicyToRole", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Role.PolicyAlreadyAttached, (await OtherNode.AttachRolePolicyAsync(custom, 1, TestData.Audit(account.AccountId, "AttachPolicyToRole", "x"), None)).Error);
        Assert.True((await Store.AttachRolePolicyAsync(system, 1, TestData.Audit(account.AccountId, "AttachPolicyToRole", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Role.PolicyLimitExceeded, (await Store.AttachRolePolicyAsync(system with { PolicyName = "AdministratorAccess" }, 1, TestData.Audit(account.AccountId, "AttachPolicyToRole", "x"), None)).Error);
        Assert.Equal([custom, system], await OtherNode.ListRolePoliciesAsync(role.RoleId, None));

        var entities = await Store.ListEntitiesForPolicyAsync(account.AccountId, "RoleCustom", PolicyTypes.Custom, None);
        var attached = Assert.Single(entities.Roles);
        Assert.Equal((role.RoleId, "Reader", role.Arn, "desc", TestData.T0), (attached.RoleId, attached.RoleName, attached.Arn, attached.Description, attached.AttachDate));
        Assert.Equal(1, (await Store.FindPolicyAsync(account.AccountId, "RoleCustom", None))!.AttachmentCount);
        Assert.Equal(Errors.Role.DeleteConflictPolicyRole, (await Store.DeletePolicyAsync(account.AccountId, "RoleCustom", true, TestData.Audit(account.AccountId, "DeletePolicy", "x"), None)).Error);
        Assert.Equal(Errors.Role.DeleteConflictPolicy, (await Store.DeleteRoleAsync(account.AccountId, role.RoleId, TestData.Audit(account.AccountId, "DeleteRole", "x"), None)).Error);

        Assert.True((await Store.DetachRolePolicyAsync(role.RoleId, "RoleCustom", TestData.Audit(account.AccountId, "DetachPolicyFromRole", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Role.PolicyNotAttached, (await OtherNode.DetachRolePolicyAsync(role.RoleId, "RoleCustom", TestData.Audit(account.AccountId, "DetachPolicyFromRole", "x"), None)).Error);
        Assert.True((await Store.DetachRolePolicyAsync(role.RoleId, "ReadOnlyAccess", TestData.Audit(account.AccountId, "DetachPolicyFromRole", "x"), None)).IsSuccess);
        Assert.True((await Store.DeleteRoleAsync(account.AccountId, role.RoleId, TestData.Audit(account.AccountId, "DeleteRole", "x"), None)).IsSuccess);
        Assert.True((await Store.DeletePolicyAsync(account.AccountId, "RoleCustom", true, TestData.Audit(account.AccountId, "DeletePolicy", "x"), None)).IsSuccess);
    }
}
