namespace Latchkey.Server.Api.Verify;

/// <summary>
/// Which request an error of <c>/api/verify</c> is about: <c>Request</c> — the verified request was
/// refused, and the resource server answers its client with the same Code, Message and HttpStatus;
/// <c>VerifyCall</c> — the resource server's own call was refused (its key, its permission, its JSON),
/// which is a configuration fault on the resource server's side.
/// </summary>
internal static class VerifyScope
{
    public const string Request = "Request";
    public const string VerifyCall = "VerifyCall";
}
