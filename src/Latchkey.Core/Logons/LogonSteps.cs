namespace Latchkey.Core.Logons;

/// <summary>
/// What a console logon still needs after the password, in this order: a code from the bound MFA
/// device, binding a device (MFABindRequired or a mandatory MFA preference), a new password
/// (PasswordResetRequired or a password past MaxPasswordAge). A session starts only when none is left.
/// </summary>
[Flags]
public enum LogonSteps
{
    None = 0,
    MfaCode = 1,
    BindMfa = 2,
    ChangePassword = 4,
}
