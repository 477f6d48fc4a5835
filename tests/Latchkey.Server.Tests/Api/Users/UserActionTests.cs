using System.Net;
using System.Text.Json;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Api.Users;

public sealed class UserActionTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task CreateUser_ReturnsUserWithStringIdsAndDates()
    {
        var account = await factory.CreateAccountAsync();

        var user = (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "alice"), ("DisplayName", "Alice A."), ("Email", "alice@example.com"))).AssertSuccess().GetProperty("User");

        Assert.Equal(JsonValueKind.String, user.GetProperty("UserId").ValueKind);
        Assert.Equal("alice", user.GetProperty("UserName").GetString());
        Assert.Equal("Alice A.", user.GetProperty("DisplayName").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", user.GetProperty("CreateDate").GetString());
    }

    [Fact]
    public async Task CreateUser_Twice_ReturnsAlreadyExists()
    {
        var account = await factory.CreateAccountAsync();
        await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "bob"));

        var answer = await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "bob"));

        answer.AssertError(HttpStatusCode.Conflict, "EntityAlreadyExists.User");
    }

    [Fact]
    public async Task CreateUser_WithoutUserName_ReturnsMissingUserName()
    {
        var account = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(account, "CreateUser", ApiClient.Ram);

        answer.AssertError(HttpStatusCode.BadRequest, "MissingUserName");
    }

    [Fact]
    public async Task CreateUser_InvalidChars_ReturnsInvalidChars()
    {
        var account = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "bad name!"));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.UserName.InvalidChars");
    }

    [Fact]
    public async Task GetUpdateListDelete_RoundTrip()
    {
        var account = await factory.CreateAccountAsync();
        await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "carol"));

        var updated = (await _api.CallAsync(account, "UpdateUser", ApiClient.Ram, ("UserName", "carol"), ("NewUserName", "carol2"), ("NewComments", "renamed"))).AssertSuccess();
        var fetched = (await _api.CallAsync(account, "GetUser", ApiClient.Ram, ("UserName", "carol2"))).AssertSuccess();
        var listed = (await _api.CallAsync(account, "ListUsers", ApiClient.Ram)).AssertSuccess();
        var deleted = await _api.CallAsync(account, "DeleteUser", ApiClient.Ram, ("UserName", "carol2"));
        var gone = await _api.CallAsync(account, "GetUser", ApiClient.Ram, ("UserName", "carol2"));

        Assert.Equal("carol2", updated.GetProperty("User").GetProperty("UserName").GetString());
        Assert.Equal("renamed", fetched.GetProperty("User").GetProperty("Comments").GetString());
        Assert.False(listed.GetProperty("IsTruncated").GetBoolean());
        Assert.False(listed.TryGetProperty("Marker", out _));
        Assert.Equal(JsonValueKind.Array, listed.GetProperty("Users").GetProperty("User").ValueKind);
        Assert.Single(listed.GetProperty("Users").GetProperty("User").EnumerateArray());
        deleted.AssertSuccess();
        gone.AssertError(HttpStatusCode.NotFound, "EntityNotExist.User");
    }

    [Fact]
    public async Task ListUsers_EmptyAccount_ReturnsEmptyArray()
    {
        var account = await factory.CreateAccountAsync();

        var listed = (await _api.CallAsync(account, "ListUsers", ApiClient.Ram)).AssertSuccess();

        Assert.Empty(listed.GetProperty("Users").GetProperty("User").EnumerateArray());
    }

    [Fact]
    public async Task ListUsers_Paged_ReturnsMarkerUntilTheEnd()
    {
        var account = await factory.CreateAccountAsync();
        foreach (var name in new[] { "u1", "u2", "u3" })
        {
            (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", name))).AssertSuccess();
        }

        var first = (await _api.CallAsync(account, "ListUsers", ApiClient.Ram, ("MaxItems", "2"))).AssertSuccess();
        var second = (await _api.CallAsync(account, "ListUsers", ApiClient.Ram, ("MaxItems", "2"), ("Marker", first.GetProperty("Marker").GetString()!))).AssertSuccess();

        Assert.True(first.GetProperty("IsTruncated").GetBoolean());
        Assert.Equal(2, first.GetProperty("Users").GetProperty("User").GetArrayLength());
        Assert.False(second.GetProperty("IsTruncated").GetBoolean());
        Assert.Equal("u3", second.GetProperty("Users").GetProperty("User")[0].GetProperty("UserName").GetString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("1001")]
    public async Task ListUsers_BadMaxItems_ReturnsInvalidParameter(string maxItems)
    {
        var account = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(account, "ListUsers", ApiClient.Ram, ("MaxItems", maxItems));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.StartsWith("InvalidParameter", answer.ErrorCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteUser_WithAccessKey_ReturnsDeleteConflict()
    {
        var account = await factory.CreateAccountAsync();
        await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "dave"));
        await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "dave"));

        var answer = await _api.CallAsync(account, "DeleteUser", ApiClient.Ram, ("UserName", "dave"));

        answer.AssertError(HttpStatusCode.Conflict, "DeleteConflict.User.AccessKey");
    }

    [Fact]
    public async Task LoginProfile_CreateGetUpdateDelete()
    {
        var account = await factory.CreateAccountAsync();
        await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "erin"));

        var created = (await _api.CallAsync(account, "CreateLoginProfile", ApiClient.Ram, ("UserName", "erin"), ("Password", "Str0ng!Passw0rd"), ("PasswordResetRequired", "true"))).AssertSuccess();
        var again = await _api.CallAsync(account, "CreateLoginProfile", ApiClient.Ram, ("UserName", "erin"), ("Password", "Str0ng!Passw0rd"));
        var blocked = await _api.CallAsync(account, "DeleteUser", ApiClient.Ram, ("UserName", "erin"));
        var updated = await _api.CallAsync(account, "UpdateLoginProfile", ApiClient.Ram, ("UserName", "erin"), ("MFABindRequired", "TRUE"));
        var fetched = (await _api.CallAsync(account, "GetLoginProfile", ApiClient.Ram, ("UserName", "erin"))).AssertSuccess();
        var deleted = await _api.CallAsync(account, "DeleteLoginProfile", ApiClient.Ram, ("UserName", "erin"));
        var gone = await _api.CallAsync(account, "GetLoginProfile", ApiClient.Ram, ("UserName", "erin"));

        var profile = created.GetProperty("LoginProfile");
        Assert.Equal("erin", profile.GetProperty("UserName").GetString());
        Assert.True(profile.GetProperty("PasswordResetRequired").GetBoolean());
        Assert.False(profile.GetProperty("MFABindRequired").GetBoolean());
        Assert.DoesNotContain("Str0ng", created.ToString(), StringComparison.Ordinal);
        again.AssertError(HttpStatusCode.Conflict, "EntityAlreadyExists.User.LoginProfile");
        blocked.AssertError(HttpStatusCode.Conflict, "DeleteConflict.User.LoginProfile");
        updated.AssertSuccess();
        Assert.True(fetched.GetProperty("LoginProfile").GetProperty("MFABindRequired").GetBoolean());
        deleted.AssertSuccess();
        gone.AssertError(HttpStatusCode.NotFound, "EntityNotExist.User.LoginProfile");
    }

    [Fact]
    public async Task CreateLoginProfile_WeakPassword_ReturnsTooWeak()
    {
        var account = await factory.CreateAccountAsync();
        await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "fay"));

        var answer = await _api.CallAsync(account, "CreateLoginProfile", ApiClient.Ram, ("UserName", "fay"), ("Password", "short"));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.Password.TooWeak");
    }

    [Fact]
    public async Task CreateLoginProfile_NonBooleanFlag_ReturnsInvalidParameter()
    {
        var account = await factory.CreateAccountAsync();
        await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "gus"));

        var answer = await _api.CallAsync(account, "CreateLoginProfile", ApiClient.Ram, ("UserName", "gus"), ("Password", "Str0ng!Passw0rd"), ("MFABindRequired", "maybe"));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter");
    }
}
