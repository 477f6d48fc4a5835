using Latchkey.Core.Principals;

namespace Latchkey.Core.Logons;

/// <summary>
/// A console log on whose password was right: who, the session stamp of the password that proved
/// it (a session carrying an older stamp ends, <see cref="LogonService.IsSessionCurrentAsync"/>),
/// and what must still happen before a session starts (<see cref="Steps"/>).
/// </summary>
public sealed record ConsoleLogon(Principal Principal, string SessionStamp, LogonSteps Steps = LogonSteps.None);
