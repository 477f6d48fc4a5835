namespace Latchkey.Signing;

/// <summary>
/// Why a request's signature data was refused: Alibaba's error code, the HTTP status to answer
/// with, and the public message. Messages never contain a secret or a signature; a
/// SignatureDoesNotMatch message ends with the server's StringToSign, as Alibaba's does.
/// </summary>
/// <param name="Code">Alibaba's error code, e.g. <c>SignatureDoesNotMatch</c>.</param>
/// <param name="HttpStatus">The HTTP status that goes with the code.</param>
/// <param name="Message">Public text for the error body.</param>
public sealed record SignatureError(string Code, int HttpStatus, string Message);
