
namespace Latchkey.Server.Api.Mfa;

/// <summary>
/// The resources of the MFA actions, as RAM authorizes them: a device is
/// <c>acs:ram:*:&lt;AccountId&gt;:mfa/&lt;VirtualMFADeviceName&gt;</c>; binding names the user and the device.
/// </summary>
internal static class MfaResources
{
    public static string[] NamedDevice(ActionContext context) => [Device(context, context.Optional("VirtualMFADeviceName") ?? "")];

    public static string[] AllDevices(ActionContext context) => [Device(context, "*")];

    /// <summary>A SerialNumber is acs:ram::&lt;AccountId&gt;:mfa/&lt;name&gt;; its name part names the device.</summary>
    public static string[] SerialDevice(ActionContext context) => [Device(context, NameOf(context.Optional("SerialNumber")))];

    public static string[] UserAndDevice(ActionContext context) => [.. ActionResources.User(context), .. SerialDevice(context)];

    public static string[] ImsUserAndDevice(ActionContext context) => [.. ActionResources.ImsUser(context), .. SerialDevice(context)];

    private static string Device(ActionContext context, string name) => $"acs:ram:*:{context.Caller.AccountId}:mfa/{name}";

    private static string NameOf(string? serialNumber)
    {
        var slash = serialNumber?.LastIndexOf('/') ?? -1;
        return slash >= 0 ? serialNumber![(slash + 1)..] : serialNumber ?? "";
    }
}
