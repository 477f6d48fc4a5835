using Latchkey.Core.Authorization;
using Latchkey.Core.Groups;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;

namespace Latchkey.Storage.Contract;

/// <summary>Custom policies, versions, groups and attachments: one contract for every provider.</summary>
public abstract partial class StoreContractTests
{
    private const string Document = """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*"}]}""";

    private static CustomPolicy Policy(string accountId, string name) => new(accountId, name, "d", "v1", TestData.T0, TestData.T0);

    [Fact]
    public async Task Policies_round_trip_with_versions_and_names_unique_case_insensitively()
    {
        var account = await AddAccountAsync();
        var added = await Store.AddPolicyAsync(Policy(account.AccountId, "Readers"), Document, 2, TestData.Audit(account.AccountId, "CreatePolicy", "Readers"), None);
        Assert.True(added.IsSuccess);
        Assert.Equal(Errors.Policy.AlreadyExists, (await OtherNode.AddPolicyAsync(Policy(account.AccountId, "READERS"), Document, 2, TestData.Audit(account.AccountId, "CreatePolicy", "x"), None)).Error);
        Assert.True((await Store.AddPolicyAsync(Policy(account.AccountId, "Second"), Document, 2, TestData.Audit(account.AccountId, "CreatePolicy", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Policy.LimitExceeded, (await Store.AddPolicyAsync(Policy(account.AccountId, "Third"), Document, 2, TestData.Audit(account.AccountId, "CreatePolicy", "x"), None)).Error);

        Assert.Equal(Policy(account.AccountId, "Readers"), await OtherNode.FindPolicyAsync(account.AccountId, "readers", None));
        Assert.Equal(["Readers", "Second"], (await Store.ListCustomPoliciesAsync(account.AccountId, None)).Select(p => p.PolicyName));
        var v1 = Assert.Single(await Store.ListPolicyVersionsAsync(account.AccountId, "readers", None));
        Assert.Equal(new PolicyVersion("v1", true, Document, TestData.T0), v1);

        var later = TestData.T0.AddHours(1);
        for (var i = 2; i <= 3; i++)
        {
            var version = await Store.AddPolicyVersionAsync(account.AccountId, "Readers", Document + " ", i == 3, PolicyVersionRotation.None, 3, later, TestData.Audit(account.AccountId, "CreatePolicyVersion", "Readers"), None);
            Assert.Equal(new PolicyVersion($"v{i}", i == 3, Document + " ", later), version.Value);
        }

        Assert.Equal(Errors.Policy.VersionLimitExceeded, (await Store.AddPolicyVersionAsync(account.AccountId, "Readers", Document, false, PolicyVersionRotation.None, 3, later, TestData.Audit(account.AccountId, "CreatePolicyVersion", "x"), None)).Error);
        var rotated = await OtherNode.AddPolicyVersionAsync(account.AccountId, "Readers", Document, false, PolicyVersionRotation.DeleteOldestNonDefaultVersionWhenLimitExceeded, 3, later, TestData.Audit(account.AccountId, "CreatePolicyVersion", "x"), None);
        Assert.Equal("v4", rotated.Value.VersionId);
        Assert.Equal(["v2", "v3", "v4"], (await Store.ListPolicyVersionsAsync(account.AccountId, "Readers", None)).Select(v => v.VersionId));
        Assert.Equal("v3", (await Store.FindPolicyAsync(account.AccountId, "Readers", None))!.DefaultVersion);

        Assert.Equal(Errors.Policy.DeleteConflictDefaultVersion, (await Store.DeletePolicyVersionAsync(account.AccountId, "Readers", "v3", TestData.Audit(account.AccountId, "DeletePolicyVersion", "x"), None)).Error);
        Assert.Equal(Errors.Policy.VersionNotFound, (await Store.DeletePolicyVersionAsync(account.AccountId, "Readers", "v1", TestData.Audit(account.AccountId, "DeletePolicyVersion", "x"), None)).Error);
        Assert.Equal(Errors.Policy.VersionNotFound, (await Store.SetDefaultPolicyVersionAsync(account.AccountId, "Readers", "v9", later, TestData.Audit(account.AccountId, "SetDefaultPolicyVersion", "x"), None)).Error);
        Assert.True((await Store.SetDefaultPolicyVersionAsync(account.AccountId, "Readers", "v2", later, TestData.Audit(account.AccountId, "SetDefaultPolicyVersion", "x"), None)).IsSuccess);
        Assert.True((await Store.DeletePolicyVersionAsync(account.AccountId, "Readers", "v3", TestData.Audit(account.AccountId, "DeletePolicyVersion", "x"), None)).IsSuccess);

        var described = await Store.UpdatePolicyDescriptionAsync(account.AccountId, "READERS", "new", later, TestData.Audit(account.AccountId, "UpdatePolicyDescription", "x"), None);
        Assert.Equal(("Readers", "new", "v2", later), (described.Value.PolicyName, described.Value.Description, described.Value.DefaultVersion, described.Value.UpdateDate));
        Assert.Equal(Errors.Policy.NotFound, (await Store.UpdatePolicyDescriptionAsync(account.AccountId, "Nope", "x", later, TestData.Audit(account.AccountId, "UpdatePolicyDescription", "x"), None)).Error);

        Assert.Equal(Errors.Policy.DeleteConflictVersion, (await Store.DeletePolicyAsync(account.AccountId, "Readers", false, TestData.Audit(account.AccountId, "DeletePolicy", "x"), None)).Error);
        Assert.True((await Store.DeletePolicyAsync(account.AccountId, "Readers", true, TestData.Audit(account.AccountId, "DeletePolicy", "x"), None)).IsSuccess);
        Assert.Null(await Store.FindPolicyAsync(account.AccountId, "Readers", None));
        Assert.Empty(await Store.ListPolicyVersionsAsync(account.AccountId, "Readers", None));
        Assert.Equal(Errors.Policy.NotFound, (await Store.DeletePolicyAsync(account.AccountId, "Readers", true, TestData.Audit(account.AccountId, "DeletePolicy", "x"), None)).Error);

        var events = (await Store.ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items;
        Assert.Equal(2, events.Count(e => e.EventName == "CreatePolicy"));
        Assert.Equal(3, events.Count(e => e.EventName == "CreatePolicyVersion"));
        Assert.Single(events, e => e.EventName == "DeletePolicy");
    }

    [Fact]
    public async Task Attachments_and_groups_keep_their_conflicts_and_limits()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        Assert.True((await Store.AddPolicyAsync(Policy(account.AccountId, "Custom1"), Document, 10, TestData.Audit(account.AccountId, "CreatePolicy", "x"), None)).IsSuccess);
        Assert.True((await Store.AddPolicyAsync(Policy(account.AccountId, "Custom2"), Document, 10, TestData.Audit(account.AccountId, "CreatePolicy", "x"), None)).IsSuccess);
        var group = new RamGroup(account.AccountId, TestData.NewId("g-"), "Dev", "c", TestData.T0, TestData.T0);
        Assert.Equal(group, (await Store.AddGroupAsync(group, 1, TestData.Audit(account.AccountId, "CreateGroup", "Dev"), None)).Value);
        Assert.Equal(Errors.Group.AlreadyExists, (await OtherNode.AddGroupAsync(group with { GroupId = TestData.NewId("g-"), GroupName = "DEV" }, 5, TestData.Audit(account.AccountId, "CreateGroup", "x"), None)).Error);
        Assert.Equal(Errors.Group.LimitExceeded, (await Store.AddGroupAsync(group with { GroupId = TestData.NewId("g-"), GroupName = "Ops" }, 1, TestData.Audit(account.AccountId, "CreateGroup", "x"), None)).Error);
        Assert.Equal(group, await OtherNode.FindGroupAsync(account.AccountId, "dev", None));

        // User attachments: Custom ones need the policy; per-type limit.
        var custom = new PolicyAttachment(account.AccountId, user.UserId, "Custom1", "Custom", TestData.T0);
        Assert.Equal(Errors.Policy.NotFound, (await Store.AttachPolicyAsync(custom with { PolicyName = "Missing" }, 10, TestData.Audit(account.AccountId, "AttachPolicyToUser", "x"), None)).Error);
        Assert.True((await Store.AttachPolicyAsync(custom, 10, TestData.Audit(account.AccountId, "AttachPolicyToUser", "x"), None)).IsSuccess);
        var system = new PolicyAttachment(account.AccountId, user.UserId, "AdministratorAccess", "System", TestData.T0);
        Assert.True((await Store.AttachPolicyAsync(system, 1, TestData.Audit(account.AccountId, "AttachPolicyToUser", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Policy.UserPolicyLimitExceeded, (await Store.AttachPolicyAsync(system with { PolicyName = "ReadOnlyAccess" }, 1, TestData.Audit(account.AccountId, "AttachPolicyToUser", "x"), None)).Error);

        // Group attachments and membership.
        var attached = new GroupPolicyAttachment(account.AccountId, group.GroupId, "Custom1", "Custom", TestData.T0);
        Assert.True((await Store.AttachGroupPolicyAsync(attached, 5, TestData.Audit(account.AccountId, "AttachPolicyToGroup", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Group.PolicyAlreadyAttached, (await OtherNode.AttachGroupPolicyAsync(attached, 5, TestData.Audit(account.AccountId, "AttachPolicyToGroup", "x"), None)).Error);
        Assert.Equal(Errors.Group.PolicyLimitExceeded, (await Store.AttachGroupPolicyAsync(attached with { PolicyName = "Custom2" }, 1, TestData.Audit(account.AccountId, "AttachPolicyToGroup", "x"), None)).Error);
        Assert.Equal([attached], await Store.ListGroupPoliciesAsync(group.GroupId, None));
        Assert.Equal(2, (await Store.FindPolicyAsync(account.AccountId, "Custom1", None))!.AttachmentCount);
        var entities = await Store.ListEntitiesForPolicyAsync(account.AccountId, "Custom1", "Custom", None);
        Assert.Equal([user.UserId], entities.Users.Select(u => u.UserId));
        Assert.Equal(["Dev"], entities.Groups.Select(g => g.GroupName));
        Assert.Equal(Errors.Policy.DeleteConflictUser, (await Store.DeletePolicyAsync(account.AccountId, "Custom1", true, TestData.Audit(account.AccountId, "DeletePolicy", "x"), None)).Error);

        Assert.True((await Store.AddUserToGroupAsync(account.AccountId, group.GroupId, user.UserId, TestData.T0, 1, TestData.Audit(account.AccountId, "AddUserToGroup", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Group.MemberAlreadyExists, (await OtherNode.AddUserToGroupAsync(account.AccountId, group.GroupId, user.UserId, TestData.T0, 5, TestData.Audit(account.AccountId, "AddUserToGroup", "x"), None)).Error);
        Assert.Equal(Errors.Group.NotFound, (await Store.AddUserToGroupAsync(account.AccountId, "g-missing", user.UserId, TestData.T0, 5, TestData.Audit(account.AccountId, "AddUserToGroup", "x"), None)).Error);
        var membership = Assert.Single(await Store.ListGroupsForUserAsync(account.AccountId, user.UserId, None));
        Assert.Equal((group, user.UserName, TestData.T0), (membership.Group, membership.UserName, membership.JoinDate));
        Assert.Equal([user.UserId], (await Store.ListUsersForGroupAsync(account.AccountId, group.GroupId, None)).Select(m => m.UserId));
        Assert.Equal(Errors.Group.DeleteConflictUser, (await Store.DeleteGroupAsync(account.AccountId, group.GroupId, TestData.Audit(account.AccountId, "DeleteGroup", "x"), None)).Error);
        Assert.True((await Store.DetachPolicyAsync(user.UserId, "Custom1", TestData.Audit(account.AccountId, "DetachPolicyFromUser", "x"), None)).IsSuccess);
        Assert.True((await Store.DetachPolicyAsync(user.UserId, "AdministratorAccess", TestData.Audit(account.AccountId, "DetachPolicyFromUser", "x"), None)).IsSuccess);
        Assert.Equal(Errors.User.DeleteConflictGroup, (await Store.DeleteUserAsync(account.AccountId, user.UserId, TestData.Audit(account.AccountId, "DeleteUser", "x"), None)).Error);

        Assert.True((await Store.RemoveUserFromGroupAsync(group.GroupId, user.UserId, TestData.Audit(account.AccountId, "RemoveUserFromGroup", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Group.MemberNotFound, (await Store.RemoveUserFromGroupAsync(group.GroupId, user.UserId, TestData.Audit(account.AccountId, "RemoveUserFromGroup", "x"), None)).Error);
        Assert.Equal(Errors.Group.DeleteConflictPolicy, (await Store.DeleteGroupAsync(account.AccountId, group.GroupId, TestData.Audit(account.AccountId, "DeleteGroup", "x"), None)).Error);
        Assert.Equal(Errors.Policy.DeleteConflictGroup, (await Store.DeletePolicyAsync(account.AccountId, "Custom1", true, TestData.Audit(account.AccountId, "DeletePolicy", "x"), None)).Error);
        Assert.True((await Store.DetachGroupPolicyAsync(group.GroupId, "Custom1", TestData.Audit(account.AccountId, "DetachPolicyFromGroup", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Group.PolicyNotAttached, (await Store.DetachGroupPolicyAsync(group.GroupId, "Custom1", TestData.Audit(account.AccountId, "DetachPolicyFromGroup", "x"), None)).Error);

        var renamed = group with { GroupName = "Developers", Comments = "all", UpdateDate = TestData.T0.AddDays(1) };
        Assert.Equal(renamed, (await Store.UpdateGroupAsync(renamed, TestData.Audit(account.AccountId, "UpdateGroup", "x"), None)).Value);
        Assert.Equal([renamed], await OtherNode.ListGroupsAsync(account.AccountId, None));
        Assert.True((await Store.DeleteGroupAsync(account.AccountId, group.GroupId, TestData.Audit(account.AccountId, "DeleteGroup", "x"), None)).IsSuccess);
        Assert.Equal(Errors.Group.NotFound, (await Store.DeleteGroupAsync(account.AccountId, group.GroupId, TestData.Audit(account.AccountId, "DeleteGroup", "x"), None)).Error);
        Assert.True((await Store.DeletePolicyAsync(account.AccountId, "Custom1", false, TestData.Audit(account.AccountId, "DeletePolicy", "x"), None)).IsSuccess);
        Assert.True((await Store.DeleteUserAsync(account.AccountId, user.UserId, TestData.Audit(account.AccountId, "DeleteUser", "x"), None)).IsSuccess);
    }

    [Fact]
    public async Task Concurrent_joins_from_two_nodes_never_exceed_the_groups_per_user_limit()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var groups = new List<RamGroup>();
        for (var i = 0; i < 8; i++)
        {
            var group = new RamGroup(account.AccountId, TestData.NewId("g-"), $"g{i}", "", TestData.T0, TestData.T0);
            Assert.True((await Store.AddGroupAsync(group, 50, TestData.Audit(account.AccountId, "CreateGroup", "x"), None)).IsSuccess);
            groups.Add(group);
        }

        var results = await Task.WhenAll(groups.Select((g, i) => Task.Run(() =>
            (i % 2 == 0 ? Store : OtherNode).AddUserToGroupAsync(account.AccountId, g.GroupId, user.UserId, TestData.T0, 3, TestData.Audit(account.AccountId, "AddUserToGroup", "x"), None))));

        Assert.Equal(3, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(Errors.Group.UserGroupLimitExceeded, r.Error));
        Assert.Equal(3, (await Store.ListGroupsForUserAsync(account.AccountId, user.UserId, None)).Count);
    }
}
