using Latchkey.Core.Principals;
using Latchkey.Signing;

namespace Latchkey.Core.Authentication;

public sealed record AuthenticatedRequest(ParsedRequest Request, Principal Principal);
