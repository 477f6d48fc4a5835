using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.Accounts;

public sealed class AccountServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CreateAccount_HashesThePassword_AndIssuesA16DigitId()
    {
        using var h = new CoreHarness();

        var account = await h.NewAccountAsync("Str0ng!Passw0rd");

        Assert.Matches("^[1-9][0-9]{15}$", account.AccountId);
        Assert.NotNull(account.PasswordHash);
        Assert.DoesNotContain("Str0ng!Passw0rd", account.PasswordHash, StringComparison.Ordinal);
        var audit = Assert.Single(h.Store.AuditEvents);
        Assert.Equal("CreateAccount", audit.EventName);
        Assert.DoesNotContain("Str0ng!Passw0rd", audit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyPassword_RightAndWrong()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync("Str0ng!Passw0rd");

        var right = await h.Accounts.VerifyPasswordAsync(account.AccountName, "Str0ng!Passw0rd", None);
        var wrong = await h.Accounts.VerifyPasswordAsync(account.AccountName, "Str0ng!Passw0rX", None);
        var unknown = await h.Accounts.VerifyPasswordAsync("no-such-account", "Str0ng!Passw0rd", None);

        Assert.Equal(account.AccountId, right.Value.AccountId);
        Assert.Equal(Errors.Account.LogonFailed, wrong.Error);
        Assert.Equal(wrong.Error, unknown.Error);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("alllowercaseletters")]
    [InlineData("NoDigitsOrSymbols")]
    public async Task CreateAccount_WeakPassword_IsRefused(string password)
    {
        using var h = new CoreHarness();

        var created = await h.Accounts.CreateAsync("weak-account", password, "127.0.0.1", "r", None);

        Assert.Equal(Errors.LoginProfile.PasswordTooWeak, created.Error);
    }

    [Fact]
    public async Task CreateAccount_DuplicateName_IsRefused()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();

        var again = await h.Accounts.CreateAsync(account.AccountName.ToUpperInvariant(), "Str0ng!Passw0rd", "127.0.0.1", "r", None);

        Assert.Equal(Errors.Account.NameAlreadyExists, again.Error);
    }

    [Theory]
    [InlineData("ab", "InvalidParameter.AccountAlias.Length")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "InvalidParameter.AccountAlias.Length")]
    [InlineData("-abc", "InvalidParameter.AccountAlias.Format")]
    [InlineData("abc-", "InvalidParameter.AccountAlias.Format")]
    [InlineData("ab--c", "InvalidParameter.AccountAlias.Format")]
    [InlineData("Abc", "InvalidParameter.AccountAlias.Format")]
    [InlineData("a_bc", "InvalidParameter.AccountAlias.Format")]
    public async Task SetAlias_Invalid_IsRefused(string alias, string code)
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();

        var result = await h.Accounts.SetAliasAsync(CoreHarness.AsAccount(account), alias, None);

        Assert.Equal(code, result.Error?.Code);
    }

    [Fact]
    public async Task SetAlias_TakenByAnotherAccount_IsRefused_AndClearWorks()
    {
        using var h = new CoreHarness();
        var first = await h.NewAccountAsync();
        var second = await h.NewAccountAsync();
        Assert.Equal("my-corp", (await h.Accounts.SetAliasAsync(CoreHarness.AsAccount(first), "my-corp", None)).Value.Alias);

        var taken = await h.Accounts.SetAliasAsync(CoreHarness.AsAccount(second), "my-corp", None);
        var cleared = await h.Accounts.ClearAliasAsync(CoreHarness.AsAccount(first), None);

        Assert.Equal(Errors.Account.AliasAlreadyExists, taken.Error);
        Assert.Null(cleared.Value.Alias);
    }

    [Fact]
    public async Task ChangePassword_NewPasswordVerifies()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();

        var changed = await h.Accounts.ChangePasswordAsync(CoreHarness.AsAccount(account), "N3w!Password", None);

        Assert.True(changed.IsSuccess);
        Assert.True((await h.Accounts.VerifyPasswordAsync(account.AccountName, "N3w!Password", None)).IsSuccess);
        Assert.False((await h.Accounts.VerifyPasswordAsync(account.AccountName, "Str0ng!Passw0rd", None)).IsSuccess);
    }
}
