namespace Latchkey.Signing.Tests;

public enum SigningMode
{
    V1GetQuery,
    V1PostForm,
    V1PostQuery,
    V3Query,
    V3Form,
}

internal static class SigningModes
{
    public const string KeyId = "LTAI5tExampleKeyId000001";
    public const string Secret = "ExampleSecretExampleSecret0001";
    public static readonly DateTimeOffset At = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static SignedHttpRequest Sign(SigningMode mode, RpcCall call, string? securityToken = null) => mode switch
    {
        SigningMode.V1GetQuery => RequestSigner.SignV1(call, KeyId, Secret, "GET", V1Placement.Query, "c3d9a6a05b7e4c1e9f1a2b7f0a6e8d11", At, securityToken),
        SigningMode.V1PostForm => RequestSigner.SignV1(call, KeyId, Secret, "POST", V1Placement.Form, "c3d9a6a05b7e4c1e9f1a2b7f0a6e8d11", At, securityToken),
        SigningMode.V1PostQuery => RequestSigner.SignV1(call, KeyId, Secret, "POST", V1Placement.Query, "c3d9a6a05b7e4c1e9f1a2b7f0a6e8d11", At, securityToken),
        SigningMode.V3Query => RequestSigner.SignV3(call, KeyId, Secret, "127.0.0.1:8080", "5f0c3b9e2a7d4e6f8a1b2c3d4e5f6a7b", At, parametersInBody: false, securityToken),
        SigningMode.V3Form => RequestSigner.SignV3(call, KeyId, Secret, "127.0.0.1:8080", "5f0c3b9e2a7d4e6f8a1b2c3d4e5f6a7b", At, parametersInBody: true, securityToken),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static RpcCall Call(params (string Name, string Value)[] parameters) =>
        new("CreateUser", "2015-05-01", parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList());
}
