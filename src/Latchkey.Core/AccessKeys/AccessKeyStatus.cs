namespace Latchkey.Core.AccessKeys;

public enum AccessKeyStatus
{
    Active,
    Inactive,
}
