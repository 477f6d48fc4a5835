using Latchkey.Core.Authorization;
using Latchkey.Core.Logons;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.Authorization;

/// <summary>
/// A permission change reaches the change log in the change's own store write (the SQL stores'
/// transaction), not in a second write after it: exactly one row per committed change, none for a
/// refused one.
/// </summary>
public sealed class PermissionChangeLogTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<string[]> PermissionRowsAsync(CoreHarness h, long after) =>
        [.. (await h.Store.ReadAccessKeyChangesAsync(after, 1000, None)).Select(c => c.AccessKeyId).Where(s => s.StartsWith(PermissionChanges.Prefix, StringComparison.Ordinal))];

    [Fact]
    public async Task AttachPolicyToUser_CommitsExactlyOnePermissionChange_AndARefusedOneNone()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        var start = await h.Store.GetLatestAccessKeyChangeAsync(None);

        var attached = await h.Users.AttachPolicyAsync(CoreHarness.AsAccount(account), user.UserName, "ReadOnlyAccess", "System", None);
        var again = await h.Users.AttachPolicyAsync(CoreHarness.AsAccount(account), user.UserName, "ReadOnlyAccess", "System", None);

        Assert.True(attached.IsSuccess);
        Assert.Equal(Errors.Policy.AlreadyAttached, again.Error);
        Assert.Equal([PermissionChanges.Prefix + account.AccountId], await PermissionRowsAsync(h, start));
    }

    [Fact]
    public async Task SetSecurityPreference_AllowUserToManageAccessKeys_WritesFlagDocumentOneAuditEventAndOnePermissionChange()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var start = await h.Store.GetLatestAccessKeyChangeAsync(None);
        var auditBefore = (await h.Store.ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items.Count;

        var set = await h.Get<SecurityPreferenceService>().SetAsync(
            CoreHarness.AsAccount(account),
            new SecurityPreferenceUpdate { AllowUserToManageAccessKeys = true, LoginSessionDuration = 3 },
            None);

        Assert.True(set.IsSuccess);
        Assert.True((await h.Store.FindAccountAsync(account.AccountId, None))!.AllowUsersToManageOwnAccessKeys);
        var read = await h.Get<SecurityPreferenceService>().GetAsync(account.AccountId, None);
        Assert.True(read.Value.AllowUserToManageAccessKeys);
        Assert.Equal(3, read.Value.LoginSessionDuration);
        var events = (await h.Store.ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items;
        Assert.Equal(auditBefore + 1, events.Count);
        Assert.Equal("AllowUserToManageAccessKeys=True", events[0].Details);
        Assert.Equal([PermissionChanges.Prefix + account.AccountId], await PermissionRowsAsync(h, start));
    }

    [Fact]
    public async Task SetSecurityPreference_WithoutTheFlag_AppendsNoPermissionChange()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var start = await h.Store.GetLatestAccessKeyChangeAsync(None);

        var set = await h.Get<SecurityPreferenceService>().SetAsync(CoreHarness.AsAccount(account), new SecurityPreferenceUpdate { LoginSessionDuration = 3 }, None);

        Assert.True(set.IsSuccess);
        Assert.False((await h.Store.FindAccountAsync(account.AccountId, None))!.AllowUsersToManageOwnAccessKeys);
        Assert.Empty(await PermissionRowsAsync(h, start));
    }
}
