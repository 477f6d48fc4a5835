using Latchkey.Core.Logons;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;
using Latchkey.Core.Users;

namespace Latchkey.Core.Tests.Users;

public sealed class RamUserServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(null, "MissingUserName")]
    [InlineData("", "MissingUserName")]
    [InlineData("bad name", "InvalidParameter.UserName.InvalidChars")]
    [InlineData("bad@name", "InvalidParameter.UserName.InvalidChars")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "InvalidParameter.UserName.Length")]
    public async Task CreateUser_InvalidUserName_IsRefused(string? userName, string code)
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();

        var created = await h.Users.CreateAsync(CoreHarness.AsAccount(account), new CreateUserInput(userName, null, null, null, null), None);

        Assert.Equal(code, created.Error?.Code);
    }

    [Theory]
    [InlineData(null, null, "12345", null, "InvalidParameter.MobilePhone.Format")]
    [InlineData(null, null, null, "not-an-email", "InvalidParameter.Email.Format")]
    [InlineData(null, "x", null, null, "InvalidParameter.Comments.Length")]
    [InlineData("x", null, null, null, "InvalidParameter.DisplayName.Length")]
    public async Task CreateUser_InvalidFields_AreRefused(string? displayNameSeed, string? commentsSeed, string? phone, string? email, string code)
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var input = new CreateUserInput(
            "alice",
            displayNameSeed is null ? null : new string('d', 129),
            commentsSeed is null ? null : new string('c', 129),
            email,
            phone);

        var created = await h.Users.CreateAsync(CoreHarness.AsAccount(account), input, None);

        Assert.Equal(code, created.Error?.Code);
    }

    [Fact]
    public async Task CreateUser_Valid_DefaultsDisplayNameAndIssuesNumericId()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();

        var created = await h.Users.CreateAsync(CoreHarness.AsAccount(account), new CreateUserInput("alice.dev_1-x", null, "ci", "alice@example.com", "86-18600008888"), None);

        Assert.True(created.IsSuccess, created.Error?.Code);
        Assert.Equal("alice.dev_1-x", created.Value.DisplayName);
        Assert.Matches("^[1-9][0-9]{15}$", created.Value.UserId);
        Assert.Equal("CreateUser", h.Store.AuditEvents[^1].EventName);
    }

    [Fact]
    public async Task CreateUser_DuplicateNameCaseInsensitive_IsRefused()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");

        var again = await h.Users.CreateAsync(CoreHarness.AsAccount(account), new CreateUserInput("ALICE", null, null, null, null), None);

        Assert.Equal(Errors.User.AlreadyExists, again.Error);
    }

    [Fact]
    public async Task CreateUser_BeyondConfiguredUserLimit_IsRefused()
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { ["Identity:MaxUsersPerAccount"] = "2" });
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "u1");
        await h.NewUserAsync(account, "u2");

        var third = await h.Users.CreateAsync(CoreHarness.AsAccount(account), new CreateUserInput("u3", null, null, null, null), None);

        Assert.Equal(Errors.User.LimitExceeded, third.Error);
    }

    [Fact]
    public async Task UpdateUser_Rename_KeepsUserIdAndChangesPrincipalName()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");

        var updated = await h.Users.UpdateAsync(CoreHarness.AsAccount(account), "alice", new UpdateUserInput("alicia", "Alicia", null, null, null), None);

        Assert.Equal(user.UserId, updated.Value.UserId);
        Assert.Equal($"alicia@{account.AccountId}.onaliyun.com", h.Users.PrincipalNameOf(account, updated.Value));
        Assert.Equal(Errors.User.NotFound, (await h.Users.GetAsync(account.AccountId, "alice", None)).Error);
    }

    [Fact]
    public async Task UpdateUser_InvalidNewUserName_ReturnsNewUserNameError()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");

        var updated = await h.Users.UpdateAsync(CoreHarness.AsAccount(account), "alice", new UpdateUserInput("bad name", null, null, null, null), None);

        Assert.Equal("InvalidParameter.NewUserName.InvalidChars", updated.Error?.Code);
    }

    [Fact]
    public async Task FindByPrincipalName_AcceptsAliasAndAccountIdDomains_CaseInsensitively()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var withAlias = (await h.Accounts.SetAliasAsync(CoreHarness.AsAccount(account), "my-corp", None)).Value;

        var byAlias = await h.Users.FindByPrincipalNameAsync("alice@My-Corp.OnAliyun.com", None);
        var byId = await h.Users.FindByPrincipalNameAsync($"alice@{account.AccountId}.onaliyun.com", None);
        var wrongSuffix = await h.Users.FindByPrincipalNameAsync("alice@my-corp.example.com", None);

        Assert.Equal("alice@my-corp.onaliyun.com", h.Users.PrincipalNameOf(withAlias, user));
        Assert.Equal(user.UserId, byAlias.Value.User.UserId);
        Assert.Equal(user.UserId, byId.Value.User.UserId);
        Assert.Equal(Errors.User.NotFound, wrongSuffix.Error);
    }

    [Fact]
    public async Task ListUsers_PagesAndValidatesMaxItems()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        for (var i = 0; i < 3; i++)
        {
            await h.NewUserAsync(account, $"user{i}");
        }

        var first = await h.Users.ListAsync(account.AccountId, null, 2, None);
        var second = await h.Users.ListAsync(account.AccountId, first.Value.Marker, 2, None);

        Assert.Equal(2, first.Value.Items.Count);
        Assert.True(first.Value.IsTruncated);
        Assert.Single(second.Value.Items);
        Assert.Equal("InvalidParameter", (await h.Users.ListAsync(account.AccountId, null, 1001, None)).Error?.Code);
        Assert.Equal("InvalidParameter", (await h.Users.ListAsync(account.AccountId, null, 0, None)).Error?.Code);
    }

    [Fact]
    public async Task LoginProfile_PasswordHashedAndConsoleLogonWorks()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);

        var profile = await h.Users.CreateLoginProfileAsync(ctx, "alice", "Us3r!Password", true, false, None);
        var logons = h.Get<LogonService>();
        var logon = await logons.LogOnAsync($"alice@{account.AccountId}.onaliyun.com", "Us3r!Password", None);
        var wrong = await logons.LogOnAsync($"alice@{account.AccountId}.onaliyun.com", "Us3r!Passw0rd", None);
        var unknown = await logons.LogOnAsync($"bob@{account.AccountId}.onaliyun.com", "Us3r!Password", None);

        Assert.True(profile.IsSuccess);
        Assert.DoesNotContain("Us3r!Password", profile.Value.PasswordHash, StringComparison.Ordinal);
        Assert.True(profile.Value.PasswordResetRequired);
        Assert.Equal("alice", logon.Value.Principal.UserName);
        Assert.Equal(CoreHarness.Start, (await h.Users.GetAsync(account.AccountId, "alice", None)).Value.LastLoginDate);
        Assert.Equal(Errors.Account.LogonFailed, wrong.Error);
        Assert.Equal(Errors.Account.LogonFailed, unknown.Error);
        Assert.All(h.Store.AuditEvents, e => Assert.DoesNotContain("Us3r!Password", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoginProfile_WeakPasswordDuplicateAndDeleteConflict()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);

        var weak = await h.Users.CreateLoginProfileAsync(ctx, "alice", "password", false, false, None);
        await h.Users.CreateLoginProfileAsync(ctx, "alice", "Us3r!Password", false, false, None);
        var duplicate = await h.Users.CreateLoginProfileAsync(ctx, "alice", "Us3r!Password", false, false, None);
        var deleteUser = await h.Users.DeleteAsync(ctx, "alice", None);
        var updated = await h.Users.UpdateLoginProfileAsync(ctx, "alice", null, true, null, None);
        var deletedProfile = await h.Users.DeleteLoginProfileAsync(ctx, "alice", None);

        Assert.Equal(Errors.LoginProfile.PasswordTooWeak, weak.Error);
        Assert.Equal(Errors.LoginProfile.AlreadyExists, duplicate.Error);
        Assert.Equal(Errors.User.DeleteConflictLoginProfile, deleteUser.Error);
        Assert.True(updated.Value.PasswordResetRequired);
        Assert.True(deletedProfile.IsSuccess);
        Assert.Equal(Errors.LoginProfile.NotFound, (await h.Users.GetLoginProfileAsync(account.AccountId, "alice", None)).Error);
        Assert.True((await h.Users.DeleteAsync(ctx, "alice", None)).IsSuccess);
    }

    [Fact]
    public async Task Policies_AttachListDetach_AndUnknownPolicyRefused()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);

        var attached = await h.Users.AttachPolicyAsync(ctx, "alice", "AliyunRAMReadOnlyAccess", "System", None);
        var again = await h.Users.AttachPolicyAsync(ctx, "alice", "AliyunRAMReadOnlyAccess", "System", None);
        var unknown = await h.Users.AttachPolicyAsync(ctx, "alice", "AliyunECSFullAccess", "System", None);
        var noSuchCustom = await h.Users.AttachPolicyAsync(ctx, "alice", "AdministratorAccess", "Custom", None);
        var badType = await h.Users.AttachPolicyAsync(ctx, "alice", "AdministratorAccess", "system", None);
        var listed = await h.Users.ListPoliciesAsync(account.AccountId, "alice", None);
        var deleteUser = await h.Users.DeleteAsync(ctx, "alice", None);
        var detached = await h.Users.DetachPolicyAsync(ctx, "alice", "AliyunRAMReadOnlyAccess", "System", None);

        Assert.True(attached.IsSuccess);
        Assert.Equal(Errors.Policy.AlreadyAttached, again.Error);
        Assert.Equal(Errors.Policy.NotFound, unknown.Error);
        Assert.Equal(Errors.Policy.NotFound, noSuchCustom.Error);
        Assert.Equal(Errors.Policy.InvalidPolicyType, badType.Error);
        Assert.Equal("AliyunRAMReadOnlyAccess", Assert.Single(listed.Value).PolicyName);
        Assert.Equal(Errors.User.DeleteConflictPolicy, deleteUser.Error);
        Assert.True(detached.IsSuccess);
    }
}
