namespace Latchkey.AspNetCore;

/// <summary>An Alibaba-style error the handler answers with on challenge.</summary>
internal sealed record LatchkeyFailure(string Code, string Message, int HttpStatus, string RequestId);
