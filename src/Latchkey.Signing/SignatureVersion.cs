namespace Latchkey.Signing;

/// <summary>The signature scheme a request was signed with.</summary>
public enum SignatureVersion
{
    /// <summary>RPC signature V1: HMAC-SHA1 over the sorted parameters, <c>SignatureVersion=1.0</c>.</summary>
    V1,

    /// <summary>Signature V3: <c>ACS3-HMAC-SHA256</c> in the <c>Authorization</c> header.</summary>
    V3,
}
