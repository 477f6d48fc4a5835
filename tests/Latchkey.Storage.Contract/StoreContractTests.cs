using System.Text;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Authorization;
using Latchkey.Core.Results;
using Latchkey.Core.Users;
using Latchkey.Core;
using Microsoft.AspNetCore.Identity;

namespace Latchkey.Storage.Contract;

/// <summary>
/// The behaviour every <see cref="ILatchkeyStore"/> provider must show. Each test runs on a fresh
/// database that two store instances ("two nodes") migrated at the same time.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private const string Secret = "PlainSecret-Zq8vKx3Wm2Rn7Tb4Yc9Hd6Jf1Lg5";
    private const string Password = "PlainPassword-Uy7Tr4Ew2Qa9Sd6Fg3Hj8Kl1";

    protected static CancellationToken None => CancellationToken.None;

    /// <summary>The first node.</summary>
    protected ILatchkeyStore Store { get; private set; } = null!;

    /// <summary>A second, independent store instance on the same database.</summary>
    protected ILatchkeyStore OtherNode { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        Store = await OpenStoreAsync();
        OtherNode = await OpenStoreAsync();
        await Task.WhenAll(Store.MigrateAsync(None), OtherNode.MigrateAsync(None));
    }

    public Task DisposeAsync() => DropDatabaseAsync();

    /// <summary>Creates this test's empty database (file, database or schema).</summary>
    protected abstract Task CreateDatabaseAsync();

    /// <summary>Disposes every store opened and removes this test's database.</summary>
    protected abstract Task DropDatabaseAsync();

    /// <summary>A new store instance on this test's database.</summary>
    protected abstract Task<ILatchkeyStore> OpenStoreAsync();

    [Fact]
    public async Task MigrateAsync_again_and_from_two_nodes_at_once_is_idempotent()
    {
        await Store.MigrateAsync(None);
        await Task.WhenAll(Store.MigrateAsync(None), OtherNode.MigrateAsync(None), (await OpenStoreAsync()).MigrateAsync(None));

        var account = TestData.Account();
        Assert.True((await Store.AddAccountAsync(account, TestData.Audit(account.AccountId, "CreateAccount", account.AccountName), None)).IsSuccess);
        Assert.Equal(account, await OtherNode.FindAccountAsync(account.AccountId, None));
    }

    [Fact]
    public async Task Accounts_round_trip_and_names_and_aliases_are_unique_case_insensitively()
    {
        var account = TestData.Account(alias: "Alias-" + TestData.NewId("a")) with { PasswordHash = "hash", AllowUsersToManageOwnAccessKeys = true };
        Assert.Equal(account, (await Store.AddAccountAsync(account, TestData.Audit(account.AccountId, "CreateAccount", account.AccountName), None)).Value);

        Assert.Equal(account, await Store.FindAccountAsync(account.AccountId, None));
        Assert.Equal(account, await Store.FindAccountByNameAsync(account.AccountName.ToUpperInvariant(), None));
        Assert.Equal(account, await Store.FindAccountByAliasAsync(account.Alias!.ToLowerInvariant(), None));
        Assert.Null(await Store.FindAccountAsync("missing", None));

        var sameName = TestData.Account(name: account.AccountName.ToUpperInvariant());
        Assert.Equal(Errors.Account.NameAlreadyExists, (await Store.AddAccountAsync(sameName, TestData.Audit(sameName.AccountId, "CreateAccount", "x"), None)).Error);

        var other = TestData.Account();
        await Store.AddAccountAsync(other, TestData.Audit(other.AccountId, "CreateAccount", other.AccountName), None);
        var taken = await Store.UpdateAccountAsync(other with { Alias = account.Alias.ToUpperInvariant() }, TestData.Audit(other.AccountId, "SetAccountAlias", "x"), None);
        Assert.Equal(Errors.Account.AliasAlreadyExists, taken.Error);

        var renamed = other with { Alias = "fresh-" + TestData.NewId("a"), UpdateDate = TestData.T0.AddHours(1) };
        Assert.Equal(renamed, (await Store.UpdateAccountAsync(renamed, TestData.Audit(other.AccountId, "SetAccountAlias", "x"), None)).Value);
        Assert.Equal(renamed, await OtherNode.FindAccountByAliasAsync(renamed.Alias!, None));

        var sameAlias = TestData.Account(alias: renamed.Alias!.ToUpperInvariant());
        Assert.Equal(Errors.Account.AliasAlreadyExists, (await Store.AddAccountAsync(sameAlias, TestData.Audit(sameAlias.AccountId, "CreateAccount", "x"), None)).Error);

        var missing = TestData.Account();
        Assert.Equal(Errors.Account.NotFound, (await Store.UpdateAccountAsync(missing, TestData.Audit(missing.AccountId, "X", "x"), None)).Error);
    }

    [Fact]
    public async Task Users_round_trip_with_case_insensitive_names_per_account()
    {
        var account = await AddAccountAsync();
        var user = TestData.User(account.AccountId, name: "Alice");
        Assert.Equal(user, (await Store.AddUserAsync(user, 100, TestData.Audit(account.AccountId, "CreateUser", "Alice"), None)).Value);
        Assert.Equal(user, await Store.FindUserByNameAsync(account.AccountId, "aLICE", None));
        Assert.Equal(user, await Store.FindUserByIdAsync(account.AccountId, user.UserId, None));

        var duplicate = TestData.User(account.AccountId, name: "ALICE");
        Assert.Equal(Errors.User.AlreadyExists, (await Store.AddUserAsync(duplicate, 100, TestData.Audit(account.AccountId, "CreateUser", "ALICE"), None)).Error);

        // The same name in another account is fine.
        var otherAccount = await AddAccountAsync();
        Assert.True((await Store.AddUserAsync(TestData.User(otherAccount.AccountId, name: "alice"), 100, TestData.Audit(otherAccount.AccountId, "CreateUser", "alice"), None)).IsSuccess);
        Assert.Null(await Store.FindUserByIdAsync(otherAccount.AccountId, user.UserId, None));

        var bob = TestData.User(account.AccountId, name: "bob");
        await Store.AddUserAsync(bob, 100, TestData.Audit(account.AccountId, "CreateUser", "bob"), None);
        var collide = await Store.UpdateUserAsync(bob with { UserName = "alice" }, TestData.Audit(account.AccountId, "UpdateUser", "bob"), None);
        Assert.Equal(Errors.User.AlreadyExists, collide.Error);

        var updated = bob with { UserName = "robert", DisplayName = "Robert", Email = "r@example.com", UpdateDate = TestData.T0.AddMinutes(5) };
        Assert.Equal(updated, (await Store.UpdateUserAsync(updated, TestData.Audit(account.AccountId, "UpdateUser", "bob"), None)).Value);
        Assert.Equal(updated, await OtherNode.FindUserByNameAsync(account.AccountId, "ROBERT", None));
        Assert.Null(await Store.FindUserByNameAsync(account.AccountId, "bob", None));

        var ghost = TestData.User(account.AccountId);
        Assert.Equal(Errors.User.NotFound, (await Store.UpdateUserAsync(ghost, TestData.Audit(account.AccountId, "UpdateUser", "x"), None)).Error);
        Assert.Equal(Errors.Account.NotFound, (await Store.AddUserAsync(TestData.User("no-such-account"), 100, TestData.Audit("no-such-account", "CreateUser", "x"), None)).Error);

        await Store.RecordUserLoginAsync(user.UserId, TestData.T0.AddDays(2), None);
        await Store.RecordUserLoginAsync(user.UserId, TestData.T0.AddDays(1), None);
        Assert.Equal(TestData.T0.AddDays(2), (await Store.FindUserByIdAsync(account.AccountId, user.UserId, None))!.LastLoginDate);
        Assert.Equal(2, await Store.CountUsersAsync(account.AccountId, None));
    }

    [Fact]
    public async Task AddUserAsync_from_50_concurrent_callers_on_two_nodes_stops_at_the_limit()
    {
        var account = await AddAccountAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
        {
            var node = i % 2 == 0 ? Store : OtherNode;
            return Task.Run(() => node.AddUserAsync(TestData.User(account.AccountId, name: $"user{i}"), 2, TestData.Audit(account.AccountId, "CreateUser", $"user{i}"), None));
        }));

        Assert.Equal(2, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(Errors.User.LimitExceeded, r.Error));
        Assert.Equal(2, await Store.CountUsersAsync(account.AccountId, None));
        var audit = await Store.ListAuditEventsAsync(account.AccountId, null, 100, None);
        Assert.Equal(2, audit.Value.Items.Count(e => e.EventName == "CreateUser"));
    }

    [Fact]
    public async Task AddAccessKeyAsync_from_50_concurrent_callers_on_two_nodes_gives_a_user_exactly_two_keys()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
        {
            var node = i % 2 == 0 ? Store : OtherNode;
            var key = TestData.Key(account.AccountId, user.UserId, Secret);
            return Task.Run(() => node.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", key.Key.AccessKeyId), None));
        }));

        Assert.Equal(2, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(Errors.AccessKey.LimitExceeded, r.Error));
        Assert.Equal(2, (await Store.ListAccessKeysAsync(account.AccountId, user.UserId, None)).Count);
        Assert.Empty(await Store.ListAccessKeysAsync(account.AccountId, null, None));
        var audit = await Store.ListAuditEventsAsync(account.AccountId, null, 100, None);
        Assert.Equal(2, audit.Value.Items.Count(e => e.EventName == "CreateAccessKey"));
    }

    [Fact]
    public async Task AddAccessKeyAsync_from_50_concurrent_callers_on_two_nodes_gives_an_account_exactly_two_keys()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        await Store.AddAccessKeyAsync(TestData.Key(account.AccountId, user.UserId, Secret), 2, TestData.Audit(account.AccountId, "CreateAccessKey", "u"), None);
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
        {
            var node = i % 2 == 0 ? Store : OtherNode;
            var key = TestData.Key(account.AccountId, null, Secret);
            return Task.Run(() => node.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", key.Key.AccessKeyId), None));
        }));

        Assert.Equal(2, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(Errors.AccessKey.LimitExceeded, r.Error));
        Assert.Equal(2, (await Store.ListAccessKeysAsync(account.AccountId, null, None)).Count);
        Assert.Single(await Store.ListAccessKeysAsync(account.AccountId, user.UserId, None));
    }

    [Fact]
    public async Task DeleteUserAsync_racing_AddAccessKeyAsync_on_another_node_never_leaves_an_orphan_key()
    {
        var account = await AddAccountAsync();
        for (var round = 0; round < 10; round++)
        {
            var user = await AddUserAsync(account.AccountId);
            var key = TestData.Key(account.AccountId, user.UserId, Secret);
            var adding = Task.Run(() => OtherNode.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", key.Key.AccessKeyId), None));
            var deleting = Task.Run(() => Store.DeleteUserAsync(account.AccountId, user.UserId, TestData.Audit(account.AccountId, "DeleteUser", user.UserName), None));
            var (added, deleted) = (await adding, await deleting);

            if (deleted.IsSuccess)
            {
                Assert.Equal(Errors.User.NotFound, added.Error);
                Assert.Null(await Store.FindAccessKeyAsync(key.Key.AccessKeyId, None));
            }
            else
            {
                Assert.Equal(Errors.User.DeleteConflictAccessKey, deleted.Error);
                Assert.True(added.IsSuccess);
                Assert.NotNull(await Store.FindUserByIdAsync(account.AccountId, user.UserId, None));
            }
        }
    }

    [Fact]
    public async Task AddAccessKeyAsync_for_a_user_that_is_gone_is_EntityNotExist_User()
    {
        var account = await AddAccountAsync();
        var key = TestData.Key(account.AccountId, "no-such-user", Secret);
        Assert.Equal(Errors.User.NotFound, (await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None)).Error);
        Assert.Null(await Store.FindAccessKeyAsync(key.Key.AccessKeyId, None));
    }

    [Fact]
    public async Task AccessKeys_round_trip_change_status_delete_and_rotate_secrets()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var first = TestData.Key(account.AccountId, user.UserId, Secret, TestData.T0);
        var second = TestData.Key(account.AccountId, user.UserId, Secret, TestData.T0.AddTicks(1));
        var own = TestData.Key(account.AccountId, null, Secret);
        foreach (var key in new[] { second, first, own })
        {
            Assert.True((await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", key.Key.AccessKeyId), None)).IsSuccess);
        }

        var found = await OtherNode.FindAccessKeyAsync(first.Key.AccessKeyId, None);
        Assert.NotNull(found);
        Assert.Equal(first.Key, found.Key);
        Assert.Equal(first.Secret.KeyVersion, found.Secret.KeyVersion);
        Assert.Equal(first.Secret.Ciphertext, found.Secret.Ciphertext);
        Assert.Equal(Secret, TestData.Unprotect(first.Key.AccessKeyId, found.Secret));

        Assert.Equal([first.Key, second.Key], await Store.ListAccessKeysAsync(account.AccountId, user.UserId, None));
        Assert.Equal([own.Key], await Store.ListAccessKeysAsync(account.AccountId, null, None));

        var later = TestData.T0.AddHours(1);
        Assert.True((await Store.UpdateAccessKeyStatusAsync(first.Key.AccessKeyId, AccessKeyStatus.Inactive, later, TestData.Audit(account.AccountId, "UpdateAccessKey", "k"), None)).IsSuccess);
        Assert.Equal(first.Key with { Status = AccessKeyStatus.Inactive, UpdateDate = later }, (await Store.FindAccessKeyAsync(first.Key.AccessKeyId, None))!.Key);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await Store.UpdateAccessKeyStatusAsync("missing", AccessKeyStatus.Active, later, TestData.Audit(account.AccountId, "UpdateAccessKey", "k"), None)).Error);

        // Inactive keys count against the limit too.
        Assert.Equal(Errors.AccessKey.LimitExceeded, (await Store.AddAccessKeyAsync(TestData.Key(account.AccountId, user.UserId, Secret), 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None)).Error);

        var rotated = TestData.Protect(second.Key.AccessKeyId, Secret, 2);
        await Store.ReplaceSecretAsync(second.Key.AccessKeyId, rotated, None);
        var afterRotation = (await Store.FindAccessKeyAsync(second.Key.AccessKeyId, None))!;
        Assert.Equal(2, afterRotation.Secret.KeyVersion);
        Assert.Equal(rotated.Ciphertext, afterRotation.Secret.Ciphertext);
        Assert.Equal(second.Key, afterRotation.Key);

        var all = new List<StoredAccessKey>();
        await foreach (var key in Store.ListAllAccessKeysAsync(None))
        {
            all.Add(key);
        }

        Assert.Equal(new[] { first, second, own }.Select(k => k.Key.AccessKeyId).Order(StringComparer.Ordinal), all.Select(k => k.Key.AccessKeyId));

        // The ids alone (the known-id filter's load): the same set, in any order.
        var ids = new List<string>();
        await foreach (var id in Store.ListAllAccessKeyIdsAsync(None))
        {
            ids.Add(id);
        }

        Assert.Equal(all.Select(k => k.Key.AccessKeyId), ids.Order(StringComparer.Ordinal));

        Assert.True((await Store.DeleteAccessKeyAsync(first.Key.AccessKeyId, TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.Null(await OtherNode.FindAccessKeyAsync(first.Key.AccessKeyId, None));
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await Store.DeleteAccessKeyAsync(first.Key.AccessKeyId, TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).Error);
    }

    [Fact]
    public async Task RecordLastUseAsync_keeps_the_newest_use_per_key()
    {
        var account = await AddAccountAsync();
        var key = TestData.Key(account.AccountId, null, Secret);
        var other = TestData.Key(account.AccountId, null, Secret);
        await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);
        await Store.AddAccessKeyAsync(other, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);

        var newest = new AccessKeyLastUse(TestData.T0.AddMinutes(10), "ram", "ListUsers", "10.0.0.2");
        await Store.RecordLastUseAsync(
            [
                new(key.Key.AccessKeyId, new AccessKeyLastUse(TestData.T0.AddMinutes(5), "ram", "GetUser", "10.0.0.1")),
                new(key.Key.AccessKeyId, newest),
                new(other.Key.AccessKeyId, new AccessKeyLastUse(TestData.T0.AddMinutes(1), "sts", "GetCallerIdentity", "10.0.0.3")),
                new("missing-key", newest),
            ],
            None);
        Assert.Equal(newest, (await Store.FindAccessKeyAsync(key.Key.AccessKeyId, None))!.Key.LastUse);

        // A late, older batch from another node does not move it back.
        await OtherNode.RecordLastUseAsync([new(key.Key.AccessKeyId, new AccessKeyLastUse(TestData.T0.AddMinutes(7), "ims", "GetUser", "10.0.0.9"))], None);
        Assert.Equal(newest, (await Store.FindAccessKeyAsync(key.Key.AccessKeyId, None))!.Key.LastUse);
        Assert.Equal("GetCallerIdentity", (await Store.FindAccessKeyAsync(other.Key.AccessKeyId, None))!.Key.LastUse!.Action);
        await Store.RecordLastUseAsync([], None);
    }

    [Fact]
    public async Task DeleteUserAsync_refuses_while_keys_login_profile_or_policies_hang_on_it()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var key = TestData.Key(account.AccountId, user.UserId, Secret);
        await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);
        var profile = new LoginProfile(user.UserId, new PasswordHasher<RamUser>().HashPassword(user, Password), true, false, TestData.T0, TestData.T0);
        Assert.True((await Store.AddLoginProfileAsync(profile, TestData.Audit(account.AccountId, "CreateLoginProfile", user.UserName), None)).IsSuccess);
        Assert.Equal(Errors.LoginProfile.AlreadyExists, (await Store.AddLoginProfileAsync(profile, TestData.Audit(account.AccountId, "CreateLoginProfile", user.UserName), None)).Error);
        var policy = new PolicyAttachment(account.AccountId, user.UserId, "AdministratorAccess", "System", TestData.T0);
        Assert.True((await Store.AttachPolicyAsync(policy, 20, TestData.Audit(account.AccountId, "AttachPolicyToUser", user.UserName), None)).IsSuccess);
        Assert.Equal(Errors.Policy.AlreadyAttached, (await Store.AttachPolicyAsync(policy, 20, TestData.Audit(account.AccountId, "AttachPolicyToUser", user.UserName), None)).Error);
        Assert.Equal([policy], await Store.ListPoliciesAsync(user.UserId, None));

        Assert.Equal(Errors.User.DeleteConflictAccessKey, (await Store.DeleteUserAsync(account.AccountId, user.UserId, TestData.Audit(account.AccountId, "DeleteUser", "u"), None)).Error);
        await Store.DeleteAccessKeyAsync(key.Key.AccessKeyId, TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None);

        Assert.Equal(Errors.User.DeleteConflictLoginProfile, (await Store.DeleteUserAsync(account.AccountId, user.UserId, TestData.Audit(account.AccountId, "DeleteUser", "u"), None)).Error);
        Assert.Equal(profile, await Store.FindLoginProfileAsync(user.UserId, None));
        var changed = profile with { PasswordResetRequired = false, MfaBindRequired = true, UpdateDate = TestData.T0.AddDays(1) };
        Assert.True((await Store.UpdateLoginProfileAsync(changed, TestData.Audit(account.AccountId, "UpdateLoginProfile", "u"), None)).IsSuccess);
        Assert.Equal(changed, await OtherNode.FindLoginProfileAsync(user.UserId, None));
        Assert.True((await Store.DeleteLoginProfileAsync(user.UserId, TestData.Audit(account.AccountId, "DeleteLoginProfile", "u"), None)).IsSuccess);
        Assert.Equal(Errors.LoginProfile.NotFound, (await Store.DeleteLoginProfileAsync(user.UserId, TestData.Audit(account.AccountId, "DeleteLoginProfile", "u"), None)).Error);
        Assert.Equal(Errors.LoginProfile.NotFound, (await Store.UpdateLoginProfileAsync(changed, TestData.Audit(account.AccountId, "UpdateLoginProfile", "u"), None)).Error);

        Assert.Equal(Errors.User.DeleteConflictPolicy, (await Store.DeleteUserAsync(account.AccountId, user.UserId, TestData.Audit(account.AccountId, "DeleteUser", "u"), None)).Error);
        Assert.True((await Store.DetachPolicyAsync(user.UserId, "AdministratorAccess", TestData.Audit(account.AccountId, "DetachPolicyFromUser", "u"), None)).IsSuccess);
        Assert.Equal(Errors.Policy.NotAttached, (await Store.DetachPolicyAsync(user.UserId, "AdministratorAccess", TestData.Audit(account.AccountId, "DetachPolicyFromUser", "u"), None)).Error);

        Assert.True((await Store.DeleteUserAsync(account.AccountId, user.UserId, TestData.Audit(account.AccountId, "DeleteUser", "u"), None)).IsSuccess);
        Assert.Null(await Store.FindUserByIdAsync(account.AccountId, user.UserId, None));
        Assert.Equal(Errors.User.NotFound, (await Store.DeleteUserAsync(account.AccountId, user.UserId, TestData.Audit(account.AccountId, "DeleteUser", "u"), None)).Error);
        Assert.Equal(Errors.User.NotFound, (await Store.AddLoginProfileAsync(profile, TestData.Audit(account.AccountId, "CreateLoginProfile", "u"), None)).Error);
        Assert.Equal(Errors.User.NotFound, (await Store.AttachPolicyAsync(policy, 20, TestData.Audit(account.AccountId, "AttachPolicyToUser", "u"), None)).Error);

        // Refused deletes wrote no audit event; every change wrote one.
        var events = (await Store.ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items;
        Assert.Single(events, e => e.EventName == "DeleteUser");
        Assert.Single(events, e => e.EventName == "CreateLoginProfile");
        Assert.Single(events, e => e.EventName == "UpdateLoginProfile");
        Assert.Single(events, e => e.EventName == "DeleteLoginProfile");
        Assert.Single(events, e => e.EventName == "AttachPolicyToUser");
        Assert.Single(events, e => e.EventName == "DetachPolicyFromUser");
    }

    [Fact]
    public async Task ListUsersAsync_pages_in_creation_order_with_an_opaque_marker()
    {
        var account = await AddAccountAsync();
        var expected = new List<RamUser>();
        for (var i = 0; i < 7; i++)
        {
            // Pairs share a creation time: the marker must break the tie.
            var user = TestData.User(account.AccountId, name: $"u{i}", created: TestData.T0.AddSeconds(i / 2));
            await Store.AddUserAsync(user, 100, TestData.Audit(account.AccountId, "CreateUser", user.UserName), None);
            expected.Add(user);
        }

        expected = [.. expected.OrderBy(u => u.CreateDate).ThenBy(u => u.UserId, StringComparer.Ordinal)];
        var seen = new List<RamUser>();
        string? marker = null;
        var pages = 0;
        do
        {
            var page = (await (pages % 2 == 0 ? Store : OtherNode).ListUsersAsync(account.AccountId, marker, 3, None)).Value;
            seen.AddRange(page.Items);
            marker = page.Marker;
            pages++;
        }
        while (marker is not null);

        Assert.Equal(3, pages);
        Assert.Equal(expected, seen);
        Assert.Equal(Errors.Request.InvalidParameter, (await Store.ListUsersAsync(account.AccountId, "not a marker!", 3, None)).Error);
        Assert.Equal(Errors.Request.InvalidParameter, (await Store.ListUsersAsync(account.AccountId, Convert.ToBase64String(Encoding.UTF8.GetBytes("garbage")), 3, None)).Error);
        Assert.Empty((await Store.ListUsersAsync(TestData.NewId("9"), null, 3, None)).Value.Items);
    }

    [Fact]
    public async Task ListAuditEventsAsync_pages_newest_first_and_filters_by_account()
    {
        var account = await AddAccountAsync();
        var other = await AddAccountAsync();
        for (var i = 0; i < 5; i++)
        {
            var user = TestData.User(account.AccountId, name: $"a{i}");
            await Store.AddUserAsync(user, 100, TestData.Audit(account.AccountId, "CreateUser", user.UserName, TestData.T0.AddMinutes(i / 2)), None);
        }

        await Store.AddUserAsync(TestData.User(other.AccountId), 100, TestData.Audit(other.AccountId, "CreateUser", "b", TestData.T0.AddDays(1)), None);

        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var page = (await Store.ListAuditEventsAsync(account.AccountId, marker, 2, None)).Value;
            seen.AddRange(page.Items.Select(e => e.ResourceName));
            marker = page.Marker;
            pages++;
        }
        while (marker is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["a4", "a3", "a2", "a1", "a0", account.AccountName], seen);

        var everything = (await Store.ListAuditEventsAsync(null, null, 100, None)).Value;
        Assert.Equal("b", everything.Items[0].ResourceName);
        Assert.Equal(8, everything.Items.Count); // two CreateAccount events and six CreateUser events
        Assert.Null(everything.Marker);
        Assert.Equal(Errors.Request.InvalidParameter, (await Store.ListAuditEventsAsync(null, "%%%", 10, None)).Error);

        var audit = TestData.Audit(account.AccountId, "CreateUser", "exact", TestData.T0.AddYears(1));
        await Store.AddUserAsync(TestData.User(account.AccountId), 100, audit, None);
        Assert.Equal(audit, (await OtherNode.ListAuditEventsAsync(account.AccountId, null, 1, None)).Value.Items[0]);
    }

    [Fact]
    public async Task A_change_whose_transaction_aborts_half_way_leaves_no_key_and_no_secret()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var first = TestData.Key(account.AccountId, user.UserId, Secret);
        var audit = TestData.Audit(account.AccountId, "CreateAccessKey", first.Key.AccessKeyId);
        await Store.AddAccessKeyAsync(first, 2, audit, None);

        // The key row goes in, then the audit insert fails (its EventId is taken): all of it rolls back.
        var second = TestData.Key(account.AccountId, user.UserId, Secret);
        await Assert.ThrowsAnyAsync<Exception>(() => Store.AddAccessKeyAsync(second, 2, audit, None));
        Assert.Null(await Store.FindAccessKeyAsync(second.Key.AccessKeyId, None));
        Assert.Single(await Store.ListAccessKeysAsync(account.AccountId, user.UserId, None));

        // A call cancelled before it runs writes nothing either.
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var third = TestData.Key(account.AccountId, user.UserId, Secret);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.AddAccessKeyAsync(third, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), cancelled.Token));
        Assert.Null(await Store.FindAccessKeyAsync(third.Key.AccessKeyId, None));
    }

    protected async Task<Account> AddAccountAsync()
    {
        var account = TestData.Account();
        Assert.True((await Store.AddAccountAsync(account, TestData.Audit(account.AccountId, "CreateAccount", account.AccountName), None)).IsSuccess);
        return account;
    }

    protected async Task<RamUser> AddUserAsync(string accountId)
    {
        var user = TestData.User(accountId);
        Assert.True((await Store.AddUserAsync(user, 1000, TestData.Audit(accountId, "CreateUser", user.UserName), None)).IsSuccess);
        return user;
    }
}
