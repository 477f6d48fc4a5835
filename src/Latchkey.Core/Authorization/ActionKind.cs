namespace Latchkey.Core.Authorization;

public enum ActionKind
{
    Read,
    Write,
    CallerIdentity,
}
