using Latchkey.Core.Authorization;
using Latchkey.Core.Results;

namespace Latchkey.Storage.Contract;

/// <summary>
/// A change that alters an account's permissions carries its <c>permissions:&lt;AccountId&gt;</c>
/// change-log row in its own transaction: committed together, refused together.
/// </summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_change_that_alters_permissions_appends_the_account_to_the_change_log_and_a_refused_one_does_not()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var policy = new PolicyAttachment(account.AccountId, user.UserId, "AdministratorAccess", "System", TestData.T0);
        var start = await OtherNode.GetLatestAccessKeyChangeAsync(None);

        Assert.True((await Store.AttachPolicyAsync(policy, 20, PermissionAudit(account.AccountId, "AttachPolicyToUser"), None)).IsSuccess);
        Assert.Equal(Errors.Policy.AlreadyAttached, (await Store.AttachPolicyAsync(policy, 20, PermissionAudit(account.AccountId, "AttachPolicyToUser"), None)).Error);
        Assert.Equal(Errors.Policy.NotAttached, (await Store.DetachPolicyAsync(user.UserId, "ReadOnlyAccess", PermissionAudit(account.AccountId, "DetachPolicyFromUser"), None)).Error);
        Assert.True((await Store.DetachPolicyAsync(user.UserId, "AdministratorAccess", PermissionAudit(account.AccountId, "DetachPolicyFromUser"), None)).IsSuccess);
        Assert.True((await Store.AttachPolicyAsync(policy, 20, TestData.Audit(account.AccountId, "AttachPolicyToUser", user.UserName), None)).IsSuccess);

        var changes = await OtherNode.ReadAccessKeyChangesAsync(start, 100, None);

        Assert.Equal([PermissionChanges.Prefix + account.AccountId, PermissionChanges.Prefix + account.AccountId], changes.Select(c => c.AccessKeyId));
    }

    [Fact]
    public async Task SetSecurityPreferenceAsync_writes_the_flag_the_document_the_audit_event_and_the_permission_change_in_one_transaction()
    {
        var account = await AddAccountAsync();
        var start = await OtherNode.GetLatestAccessKeyChangeAsync(None);
        var audit = PermissionAudit(account.AccountId, "SetSecurityPreference");

        var written = await Store.SetSecurityPreferenceAsync(account.AccountId, "SecurityPreference", "{\"LoginSessionDuration\":2}", true, TestData.T0.AddHours(1), audit, None);

        Assert.True(written.IsSuccess);
        var stored = await OtherNode.FindAccountAsync(account.AccountId, None);
        Assert.True(stored!.AllowUsersToManageOwnAccessKeys);
        Assert.Equal(TestData.T0.AddHours(1), stored.UpdateDate);
        Assert.Equal("{\"LoginSessionDuration\":2}", await OtherNode.FindAccountSettingAsync(account.AccountId, "SecurityPreference", None));
        Assert.Contains((await OtherNode.ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items, e => e.EventId == audit.EventId);
        Assert.Equal([PermissionChanges.Prefix + account.AccountId], (await OtherNode.ReadAccessKeyChangesAsync(start, 100, None)).Select(c => c.AccessKeyId));

        // Without the flag only the document changes (and no permission change is due).
        Assert.True((await Store.SetSecurityPreferenceAsync(account.AccountId, "SecurityPreference", "{}", null, TestData.T0.AddHours(2), TestData.Audit(account.AccountId, "SetSecurityPreference", account.AccountId), None)).IsSuccess);
        Assert.Equal("{}", await OtherNode.FindAccountSettingAsync(account.AccountId, "SecurityPreference", None));
        Assert.True((await OtherNode.FindAccountAsync(account.AccountId, None))!.AllowUsersToManageOwnAccessKeys);
        Assert.Single(await OtherNode.ReadAccessKeyChangesAsync(start, 100, None));
    }

    [Fact]
    public async Task SetSecurityPreferenceAsync_for_a_missing_account_writes_nothing()
    {
        var accountId = TestData.NewId("missing");
        var start = await OtherNode.GetLatestAccessKeyChangeAsync(None);
        var audit = PermissionAudit(accountId, "SetSecurityPreference");

        var written = await Store.SetSecurityPreferenceAsync(accountId, "SecurityPreference", "{}", true, TestData.T0, audit, None);

        Assert.Equal(Errors.Account.NotFound, written.Error);
        Assert.Null(await OtherNode.FindAccountSettingAsync(accountId, "SecurityPreference", None));
        Assert.Empty(await OtherNode.ReadAccessKeyChangesAsync(start, 100, None));
        Assert.Empty((await OtherNode.ListAuditEventsAsync(accountId, null, 100, None)).Value.Items);
    }

    private static Core.Audit.AuditEvent PermissionAudit(string accountId, string eventName) =>
        TestData.Audit(accountId, eventName, accountId) with { ChangesPermissions = true };
}
