using Latchkey.Core.Principals;

namespace Latchkey.Core.Logons;

/// <summary>
/// A successful console log on: who, and the session stamp of the password that proved it. A
/// session carrying an older stamp ends (<see cref="LogonService.IsSessionCurrentAsync"/>).
/// </summary>
public sealed record ConsoleLogon(Principal Principal, string SessionStamp);
