using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Api.Accounts;

public sealed class AccountActionTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task AccountAlias_SetGetClear()
    {
        var account = await factory.CreateAccountAsync();
        var alias = "alias-" + Guid.NewGuid().ToString("N")[..10];

        var unset = (await _api.CallAsync(account, "GetAccountAlias", ApiClient.Ram)).AssertSuccess();
        var set = await _api.CallAsync(account, "SetAccountAlias", ApiClient.Ram, ("AccountAlias", alias));
        var fetched = (await _api.CallAsync(account, "GetAccountAlias", ApiClient.Ram)).AssertSuccess();
        var cleared = await _api.CallAsync(account, "ClearAccountAlias", ApiClient.Ram);
        var after = (await _api.CallAsync(account, "GetAccountAlias", ApiClient.Ram)).AssertSuccess();

        Assert.Equal(string.Empty, unset.GetProperty("AccountAlias").GetString());
        set.AssertSuccess();
        Assert.Equal(alias, fetched.GetProperty("AccountAlias").GetString());
        cleared.AssertSuccess();
        Assert.Equal(string.Empty, after.GetProperty("AccountAlias").GetString());
    }

    [Fact]
    public async Task SetAccountAlias_TakenByAnotherAccount_ReturnsAlreadyExists()
    {
        var first = await factory.CreateAccountAsync();
        var second = await factory.CreateAccountAsync();
        var alias = "taken-" + Guid.NewGuid().ToString("N")[..10];
        (await _api.CallAsync(first, "SetAccountAlias", ApiClient.Ram, ("AccountAlias", alias))).AssertSuccess();

        var answer = await _api.CallAsync(second, "SetAccountAlias", ApiClient.Ram, ("AccountAlias", alias));

        answer.AssertError(HttpStatusCode.Conflict, "EntityAlreadyExists.AccountAlias");
    }

    [Fact]
    public async Task SetAccountAlias_Missing_ReturnsMissingAccountAlias()
    {
        var account = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(account, "SetAccountAlias", ApiClient.Ram);

        answer.AssertError(HttpStatusCode.BadRequest, "MissingAccountAlias");
    }

    [Fact]
    public async Task SecurityPreference_OffByDefault_ThenOn()
    {
        var account = await factory.CreateAccountAsync();

        var before = (await _api.CallAsync(account, "GetSecurityPreference", ApiClient.Ram)).AssertSuccess();
        var set = (await _api.CallAsync(account, "SetSecurityPreference", ApiClient.Ram, ("AllowUserToManageAccessKeys", "true"))).AssertSuccess();

        Assert.False(before.GetProperty("SecurityPreference").GetProperty("AccessKeyPreference").GetProperty("AllowUserToManageAccessKeys").GetBoolean());
        Assert.True(set.GetProperty("SecurityPreference").GetProperty("AccessKeyPreference").GetProperty("AllowUserToManageAccessKeys").GetBoolean());
    }
}
