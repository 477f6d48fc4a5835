using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Signing;

namespace Latchkey.Server.Tests.Api.Fuzz;

/// <summary>Valid signed requests (some with odd but signed parameter values), then broken on the wire by <see cref="Mutator"/>.</summary>
internal static class FuzzCases
{
    private static readonly (string Action, string Version, string[] Parameters)[] Actions =
    [
        ("GetCallerIdentity", ApiClient.Sts, []),
        ("ListUsers", ApiClient.Ram, ["MaxItems", "Marker"]),
        ("GetUser", ApiClient.Ram, ["UserName"]),
        ("CreateUser", ApiClient.Ram, ["UserName", "DisplayName", "Email", "MobilePhone", "Comments"]),
        ("UpdateUser", ApiClient.Ram, ["UserName", "NewUserName", "NewEmail"]),
        ("UpdateAccessKey", ApiClient.Ram, ["UserAccessKeyId", "Status", "UserName"]),
        ("DeleteAccessKey", ApiClient.Ram, ["UserAccessKeyId", "UserName"]),
        ("GetAccessKeyLastUsed", ApiClient.Ram, ["UserAccessKeyId"]),
        ("SetAccountAlias", ApiClient.Ram, ["AccountAlias"]),
        ("AttachPolicyToUser", ApiClient.Ram, ["PolicyType", "PolicyName", "UserName"]),
        ("SetSecurityPreference", ApiClient.Ram, ["AllowUserToManageAccessKeys"]),
        ("GetLoginProfile", ApiClient.Ram, ["UserName"]),
        ("GetUser", ApiClient.Ims, ["UserPrincipalName", "UserId", "UserAccessKeyId"]),
        ("ListAccessKeys", ApiClient.Ims, ["UserPrincipalName"]),
    ];

    private static readonly string[] OddValues =
    [
        "", " ", "a", "alice", new string('x', 4096), new string('y', 64), new string('z', 65), "\0", "\u00e9l\u00e8ve", "\U0001F4A5", "../..", "-1", "0", "1001",
        "99999999999999999999", "%", "%zz", "true", "TRUE", "maybe", "Active", "inactive", "<x>&amp;</x>", "\"'", "!!!", "AAAA", "eyJ9", "\u0001\u0002\u001f",
        "a@b.onaliyun.com", "x@" + new string('q', 300), "System", "AdministratorAccess", "LKAAAAAAAAAAAAAAAAAAAAAA", "\u202e", "a b", "a+b", "1.5", "\t\n",
    ];

    public static List<RawRequest> Generate(ulong seed, int count, TestAccount key, Func<TestAccount, RpcCall, XorShift, SignedHttpRequest> sign)
    {
        var rng = new XorShift(seed);
        var cases = new List<RawRequest>(count);
        for (var i = 0; i < count; i++)
        {
            var (action, version, names) = rng.Pick(Actions);
            var parameters = new List<KeyValuePair<string, string>>();
            foreach (var name in names)
            {
                if (rng.Chance(60))
                {
                    parameters.Add(KeyValuePair.Create(name, rng.Chance(50) ? rng.Pick(OddValues) : "fuzz" + rng.Next(20)));
                }
            }

            if (rng.Chance(25))
            {
                parameters.Add(KeyValuePair.Create("Format", rng.Pick(["XML", "xml", "JSON", "Xml"])));
            }

            var request = RawRequest.From(sign(key, new RpcCall(action, version, parameters), rng));
            // One in eight stays as signed: odd values reach the handlers with a valid signature.
            if (!rng.Chance(12))
            {
                Mutator.Mutate(request, rng);
            }

            request.Mutations.Insert(0, $"#{i} {action}");
            cases.Add(request);
        }

        return cases;
    }

    public static SignedHttpRequest V1Get(TestAccount key, RpcCall call, XorShift rng) =>
        RequestSigner.SignV1(call, key.AccessKeyId, key.AccessKeySecret, "GET", V1Placement.Query, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());

    public static SignedHttpRequest V1PostForm(TestAccount key, RpcCall call, XorShift rng) =>
        RequestSigner.SignV1(call, key.AccessKeyId, key.AccessKeySecret, "POST", V1Placement.Form, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());

    public static SignedHttpRequest V3(TestAccount key, RpcCall call, XorShift rng) =>
        RequestSigner.SignV3(call, key.AccessKeyId, key.AccessKeySecret, "localhost", RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow(), parametersInBody: rng.Chance(50));
}
