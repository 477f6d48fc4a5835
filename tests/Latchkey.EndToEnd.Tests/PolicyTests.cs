using System.Text.Json;
using Latchkey.Core.Mfa;
using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>
/// Least privilege through the official SDKs: custom policies, explicit deny, wildcards, a
/// source-IP condition, versions and groups, decided by the engine for every call; the refusal is
/// read by openapi-core as an AccessDeniedDetail and decoded with DecodeDiagnosticMessage.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class PolicyTests(LatchkeyServer server)
{
    private static string Doc(string statements) => $$"""{"Version":"1","Statement":[{{statements}}]}""";

    /// <summary>Creates a RAM user with a key, through the SDK, and returns the key.</summary>
    private async Task<TestKey> UserKeyAsync(TestKey account, string userName)
    {
        var sdk = new SdkRunner(server);
        sdk.Add("ram", "v3", account, "CreateUser", ("UserName", userName));
        var key = sdk.Add("ram", "v3", account, "CreateAccessKey", ("UserName", userName));
        var outcomes = await sdk.RunAsync();
        Assert.All(outcomes, o => Assert.True(o.Ok, o.ToString()));
        var created = outcomes[key].Body.GetProperty("AccessKey");
        return new TestKey(account.AccountId, created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("AccessKeySecret").GetString()!);
    }

    private async Task<IReadOnlyList<SdkOutcome>> AsAccountAsync(TestKey account, params (string Action, (string, string)[] Parameters)[] calls)
    {
        var sdk = new SdkRunner(server);
        foreach (var (action, parameters) in calls)
        {
            sdk.Add("ram", "v3", account, action, parameters);
        }

        var outcomes = await sdk.RunAsync();
        Assert.All(outcomes, o => Assert.True(o.Ok, o.ToString()));
        return outcomes;
    }

    [Theory]
    [InlineData("ram", "v3")]
    [InlineData("pop", "POST")]
    public async Task CustomPolicy_GrantsExactlyItsActionsAndResources_DenyBeatsAllow_Wildcards(string sdkName, string mode)
    {
        var account = await server.CreateAccountAsync();
        var user = await UserKeyAsync(account, "dev1");
        await AsAccountAsync(
            account,
            ("CreateUser", [("UserName", "svc-a")]),
            ("CreateUser", [("UserName", "svc-b")]),
            ("CreateUser", [("UserName", "admin")]),
            ("CreatePolicy", [("PolicyName", "ServiceReaders"), ("PolicyDocument", Doc($$"""
                {"Effect":"Allow","Action":["ram:Get*","ram:ListAccessKeys"],"Resource":"acs:ram:*:{{account.AccountId}}:user/svc-*"},
                {"Effect":"Allow","Action":"ram:List?sers","Resource":"*"},
                {"Effect":"Deny","Action":"ram:*","Resource":"acs:ram::{{account.AccountId}}:user/svc-b"}
                """))]),
            ("AttachPolicyToUser", [("UserName", "dev1"), ("PolicyName", "ServiceReaders"), ("PolicyType", "Custom")]));
        var sdk = new SdkRunner(server);
        int Call(string action, params (string, string)[] parameters) => sdk.Add(sdkName, mode, user, action, parameters);
        var getA = Call("GetUser", ("UserName", "svc-a"));
        var keysA = Call("ListAccessKeys", ("UserName", "svc-a"));
        var list = Call("ListUsers");
        var getAdmin = Call("GetUser", ("UserName", "admin"));
        var deleteA = Call("DeleteUser", ("UserName", "svc-a"));
        var getB = Call("GetUser", ("UserName", "svc-b"));
        var createPolicy = Call("CreatePolicy", ("PolicyName", "Escalate"), ("PolicyDocument", Doc("""{"Effect":"Allow","Action":"*","Resource":"*"}""")));

        var outcomes = await sdk.RunAsync();

        Assert.True(outcomes[getA].Ok, outcomes[getA].ToString());
        Assert.True(outcomes[keysA].Ok, outcomes[keysA].ToString());
        Assert.True(outcomes[list].Ok, outcomes[list].ToString());
        foreach (var refused in new[] { getAdmin, deleteA, getB, createPolicy })
        {
            Assert.Equal(("NoPermission", 403), (outcomes[refused].Code, outcomes[refused].StatusCode));
        }

        Assert.Contains($"Resource: acs:ram:*:{account.AccountId}:user/admin Action: ram:GetUser", outcomes[getAdmin].Message, StringComparison.Ordinal);
        if (sdkName == "ram")
        {
            // openapi-core reads AccessDeniedDetail into the SDK error.
            Assert.Equal("ImplicitDeny", outcomes[getAdmin].AccessDeniedDetail.GetProperty("NoPermissionType").GetString());
            var explicitDeny = outcomes[getB].AccessDeniedDetail;
            Assert.Equal("ExplicitDeny", explicitDeny.GetProperty("NoPermissionType").GetString());
            Assert.Equal("ram:GetUser", explicitDeny.GetProperty("AuthAction").GetString());
            Assert.Equal("SubUser", explicitDeny.GetProperty("AuthPrincipalType").GetString());

            var decode = new SdkRunner(server);
            var decoded = decode.Add("ram", "v3", account, "DecodeDiagnosticMessage", ("EncodedDiagnosticMessage", explicitDeny.GetProperty("EncodedDiagnosticMessage").GetString()!));
            var message = (await decode.RunAsync())[decoded];
            Assert.True(message.Ok, message.ToString());
            var body = message.Body.GetProperty("DecodedDiagnosticMessage");
            Assert.True(body.GetProperty("ExplicitDeny").GetBoolean());
            Assert.Equal("ServiceReaders", body.GetProperty("MatchedPolicies")[0].GetProperty("PolicyIdentifier").GetString());
        }
    }

    [Fact]
    public async Task SourceIpCondition_AllowsOnlyFromTheNamedAddresses()
    {
        var account = await server.CreateAccountAsync();
        var user = await UserKeyAsync(account, "ipuser");
        await AsAccountAsync(
            account,
            ("CreatePolicy", [("PolicyName", "FromLoopback"), ("PolicyDocument", Doc("""{"Effect":"Allow","Action":"ram:ListUsers","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"127.0.0.1"}}}"""))]),
            ("CreatePolicy", [("PolicyName", "FromElsewhere"), ("PolicyDocument", Doc("""{"Effect":"Allow","Action":"ram:ListGroups","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","192.0.2.0/24"]}}}"""))]),
            ("AttachPolicyToUser", [("UserName", "ipuser"), ("PolicyName", "FromLoopback"), ("PolicyType", "Custom")]),
            ("AttachPolicyToUser", [("UserName", "ipuser"), ("PolicyName", "FromElsewhere"), ("PolicyType", "Custom")]));
        var sdk = new SdkRunner(server);
        var fromLoopback = sdk.Add("ram", "v3", user, "ListUsers");

        // tea-rpc clients may send a SourceIp parameter; the condition reads the connection, never it.
        var claimedIp = sdk.Add("pop", "GET", user, "ListGroups", ("SourceIp", "10.1.2.3"));

        var outcomes = await sdk.RunAsync();

        Assert.True(outcomes[fromLoopback].Ok, outcomes[fromLoopback].ToString());
        Assert.Equal("NoPermission", outcomes[claimedIp].Code);
    }

    [Fact]
    public async Task Versions_SwitchPermissions_AndGroupPoliciesReachMembersAndLeaveWithThem()
    {
        var account = await server.CreateAccountAsync();
        var user = await UserKeyAsync(account, "member");
        await AsAccountAsync(
            account,
            ("CreatePolicy", [("PolicyName", "Rotating"), ("PolicyDocument", Doc("""{"Effect":"Allow","Action":"ram:ListUsers","Resource":"*"}"""))]),
            ("CreateGroup", [("GroupName", "team"), ("Comments", "the team")]),
            ("AttachPolicyToGroup", [("GroupName", "team"), ("PolicyName", "Rotating"), ("PolicyType", "Custom")]));

        async Task<bool> MayListUsersAsync()
        {
            var sdk = new SdkRunner(server);
            var call = sdk.Add("ram", "v3", user, "ListUsers");
            var outcome = (await sdk.RunAsync())[call];
            Assert.True(outcome.Ok || outcome.Code == "NoPermission", outcome.ToString());
            return outcome.Ok;
        }

        var beforeJoining = await MayListUsersAsync();
        await AsAccountAsync(account, ("AddUserToGroup", [("GroupName", "team"), ("UserName", "member")]));
        var asMember = await MayListUsersAsync();
        await AsAccountAsync(account, ("CreatePolicyVersion", [("PolicyName", "Rotating"), ("PolicyDocument", Doc("""{"Effect":"Allow","Action":"ram:ListGroups","Resource":"*"}""")), ("SetAsDefault", "true")]));
        var afterNewVersion = await MayListUsersAsync();
        await AsAccountAsync(account, ("SetDefaultPolicyVersion", [("PolicyName", "Rotating"), ("VersionId", "v1")]));
        var afterRollback = await MayListUsersAsync();
        await AsAccountAsync(account, ("RemoveUserFromGroup", [("GroupName", "team"), ("UserName", "member")]));
        var afterLeaving = await MayListUsersAsync();

        Assert.False(beforeJoining);
        Assert.True(asMember);
        Assert.False(afterNewVersion);
        Assert.True(afterRollback);
        Assert.False(afterLeaving);
    }

    /// <summary>
    /// Terraform alicloud_ram_policy and alicloud_ram_user_policy_attachment, action by action, as
    /// tea-rpc sends them (V1, form POST): create, read (DefaultPolicyVersion.PolicyDocument as a
    /// string), update document with rotation, update description, attach/read/detach, force delete.
    /// </summary>
    [Fact]
    public async Task Terraform_RamPolicy_And_UserPolicyAttachment_Sequences()
    {
        var account = await server.CreateAccountAsync();
        var document = Doc("""{"Effect":"Allow","Action":["ram:GetUser"],"Resource":["*"]}""");
        var sdk = new SdkRunner(server);
        int Call(string action, params (string, string)[] parameters) => sdk.Add("pop", "POST", account, action, parameters);

        Call("CreateUser", ("UserName", "tf-user"));
        var create = Call("CreatePolicy", ("PolicyName", "tf-policy"), ("Description", "managed by terraform"), ("PolicyDocument", document));
        var read = Call("GetPolicy", ("PolicyName", "tf-policy"), ("PolicyType", "Custom"));
        for (var i = 0; i < 5; i++)
        {
            Call("CreatePolicyVersion", ("PolicyName", "tf-policy"), ("PolicyDocument", document), ("SetAsDefault", "true"), ("RotateStrategy", "DeleteOldestNonDefaultVersionWhenLimitExceeded"));
        }

        Call("UpdatePolicyDescription", ("PolicyName", "tf-policy"), ("NewDescription", ""));
        var reread = Call("GetPolicy", ("PolicyName", "tf-policy"), ("PolicyType", "Custom"));
        Call("AttachPolicyToUser", ("PolicyType", "Custom"), ("PolicyName", "tf-policy"), ("UserName", "tf-user"));
        var attachments = Call("ListPoliciesForUser", ("UserName", "tf-user"));
        var entities = Call("ListEntitiesForPolicy", ("PolicyName", "tf-policy"), ("PolicyType", "Custom"));
        var whileAttached = Call("DeletePolicy", ("PolicyName", "tf-policy"), ("CascadingDelete", "true"));
        Call("DetachPolicyFromUser", ("PolicyType", "Custom"), ("PolicyName", "tf-policy"), ("UserName", "tf-user"));
        var detachAgain = Call("DetachPolicyFromUser", ("PolicyType", "Custom"), ("PolicyName", "tf-policy"), ("UserName", "tf-user"));
        var versions = Call("ListPolicyVersions", ("PolicyName", "tf-policy"), ("PolicyType", "Custom"));
        var deleteVersion = Call("DeletePolicyVersion", ("PolicyName", "tf-policy"), ("VersionId", "v4"));
        var delete = Call("DeletePolicy", ("PolicyName", "tf-policy"), ("CascadingDelete", "true"));
        var gone = Call("GetPolicy", ("PolicyName", "tf-policy"), ("PolicyType", "Custom"));
        var listGone = Call("ListEntitiesForPolicy", ("PolicyName", "tf-policy"), ("PolicyType", "Custom"));

        var outcomes = await sdk.RunAsync();

        var expectedFailures = new[] { whileAttached, detachAgain, gone, listGone };
        Assert.All(outcomes.Where((_, i) => !expectedFailures.Contains(i)), o => Assert.True(o.Ok, o.ToString()));
        Assert.Equal("tf-policy", outcomes[create].Body.GetProperty("Policy").GetProperty("PolicyName").GetString());
        var defaultVersion = outcomes[read].Body.GetProperty("DefaultPolicyVersion");
        Assert.Equal(JsonValueKind.String, defaultVersion.GetProperty("PolicyDocument").ValueKind);
        Assert.Equal(document, defaultVersion.GetProperty("PolicyDocument").GetString());
        Assert.Equal("v1", defaultVersion.GetProperty("VersionId").GetString());
        var policy = outcomes[reread].Body.GetProperty("Policy");
        Assert.Equal(("v6", ""), (policy.GetProperty("DefaultVersion").GetString(), policy.GetProperty("Description").GetString()));
        var attached = outcomes[attachments].Body.GetProperty("Policies").GetProperty("Policy")[0];
        Assert.Equal(("tf-policy", "Custom"), (attached.GetProperty("PolicyName").GetString(), attached.GetProperty("PolicyType").GetString()));
        Assert.Equal("tf-user", outcomes[entities].Body.GetProperty("Users").GetProperty("User")[0].GetProperty("UserName").GetString());
        Assert.Equal(("DeleteConflict.Policy.User", 409), (outcomes[whileAttached].Code, outcomes[whileAttached].StatusCode));
        Assert.Equal(("EntityNotExist.User.Policy", 404), (outcomes[detachAgain].Code, outcomes[detachAgain].StatusCode));
        var listed = outcomes[versions].Body.GetProperty("PolicyVersions").GetProperty("PolicyVersion").EnumerateArray()
            .Select(v => (v.GetProperty("VersionId").GetString(), v.GetProperty("IsDefaultVersion").GetBoolean())).ToList();
        Assert.Equal([("v2", false), ("v3", false), ("v4", false), ("v5", false), ("v6", true)], listed);
        Assert.True(outcomes[deleteVersion].Ok);
        Assert.True(outcomes[delete].Ok);
        Assert.Equal(("EntityNotExist.Policy", 404), (outcomes[gone].Code, outcomes[gone].StatusCode));
        Assert.Equal(("EntityNotExist.Policy", 404), (outcomes[listGone].Code, outcomes[listGone].StatusCode));
    }

    /// <summary>
    /// Terraform alicloud_ram_user with force = true, as alibaba-cloud-sdk-go sends it: every step
    /// either succeeds or fails with exactly an EntityNotExist* code it tolerates, then DeleteUser.
    /// The user has a key, a policy, a group and a bound MFA device, each of which blocks DeleteUser.
    /// </summary>
    [Fact]
    public async Task Terraform_RamUserForceDelete_Sequence()
    {
        var account = await server.CreateAccountAsync();
        var setup = new SdkRunner(server);
        int Setup(string action, params (string, string)[] parameters) => setup.Add("pop", "POST", account, action, parameters);
        Setup("CreateUser", ("UserName", "tf-force"));
        var key = Setup("CreateAccessKey", ("UserName", "tf-force"));
        Setup("AttachPolicyToUser", ("PolicyType", "System"), ("PolicyName", "ReadOnlyAccess"), ("UserName", "tf-force"));
        Setup("CreateGroup", ("GroupName", "tf-group"));
        Setup("AddUserToGroup", ("GroupName", "tf-group"), ("UserName", "tf-force"));
        var device = Setup("CreateVirtualMFADevice", ("VirtualMFADeviceName", "tf-phone"));
        var blocked = Setup("DeleteUser", ("UserName", "tf-force"));
        var setupOutcomes = await setup.RunAsync();
        Assert.Equal("DeleteConflict.User.AccessKey", setupOutcomes[blocked].Code);
        var keyId = setupOutcomes[key].Body.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!;
        var created = setupOutcomes[device].Body.GetProperty("VirtualMFADevice");
        var serial = created.GetProperty("SerialNumber").GetString()!;
        var seed = Base32.Decode(created.GetProperty("Base32StringSeed").GetString()!);
        var step = await LogonSecuritySdkTests.StepWithTimeToSpareAsync();
        var bindRun = new SdkRunner(server);
        bindRun.Add("pop", "POST", account, "BindMFADevice", ("SerialNumber", serial), ("UserName", "tf-force"), ("AuthenticationCode1", Totp.Code(seed, step - 1)), ("AuthenticationCode2", Totp.Code(seed, step)));
        Assert.All(await bindRun.RunAsync(), outcome => Assert.True(outcome.Ok, outcome.ToString()));

        var sdk = new SdkRunner(server);
        int Call(string action, params (string, string)[] parameters) => sdk.Add("pop", "POST", account, action, parameters);
        var listKeys = Call("ListAccessKeys", ("UserName", "tf-force"));
        Call("DeleteAccessKey", ("UserAccessKeyId", keyId), ("UserName", "tf-force"));
        var listPolicies = Call("ListPoliciesForUser", ("UserName", "tf-force"));
        Call("DetachPolicyFromUser", ("PolicyName", "ReadOnlyAccess"), ("PolicyType", "System"), ("UserName", "tf-force"));
        var listGroups = Call("ListGroupsForUser", ("UserName", "tf-force"));
        Call("RemoveUserFromGroup", ("UserName", "tf-force"), ("GroupName", "tf-group"));
        var noProfile = Call("DeleteLoginProfile", ("UserName", "tf-force"));
        var unbind = Call("UnbindMFADevice", ("UserName", "tf-force"));
        var unbindAgain = Call("UnbindMFADevice", ("UserName", "tf-force"));
        var delete = Call("DeleteUser", ("UserName", "tf-force"));
        var gone = Call("GetUser", ("UserName", "tf-force"));

        var outcomes = await sdk.RunAsync();

        Assert.Equal(keyId, outcomes[listKeys].Body.GetProperty("AccessKeys").GetProperty("AccessKey")[0].GetProperty("AccessKeyId").GetString());
        Assert.Equal("ReadOnlyAccess", outcomes[listPolicies].Body.GetProperty("Policies").GetProperty("Policy")[0].GetProperty("PolicyName").GetString());
        Assert.Equal("tf-group", outcomes[listGroups].Body.GetProperty("Groups").GetProperty("Group")[0].GetProperty("GroupName").GetString());
        Assert.Equal("EntityNotExist.User.LoginProfile", outcomes[noProfile].Code);
        Assert.Equal(serial, outcomes[unbind].Body.GetProperty("MFADevice").GetProperty("SerialNumber").GetString());
        Assert.Equal(("EntityNotExist.User.MFADevice", 404), (outcomes[unbindAgain].Code, outcomes[unbindAgain].StatusCode));
        Assert.All(outcomes.Where((_, i) => i != noProfile && i != unbindAgain && i != gone), o => Assert.True(o.Ok, o.ToString()));
        Assert.True(outcomes[delete].Ok);
        Assert.Equal(("EntityNotExist.User", 404), (outcomes[gone].Code, outcomes[gone].StatusCode));
    }
}
