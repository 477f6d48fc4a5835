using System.Globalization;
using Latchkey.Core.Mfa;
using Latchkey.Core.Results;
using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Mfa;

/// <summary>
/// RAM ListVirtualMFADevices (no paging) and IMS (Marker, MaxItems 1-100, default 100). An unbound
/// device carries only SerialNumber; a bound one adds ActivateDate and its User (the account's own
/// device shows no User).
/// </summary>
internal static class ListVirtualMFADevices
{
    public sealed record RamResponse(DeviceList VirtualMFADevices);

    public sealed record ImsResponse(bool IsTruncated, string? Marker, DeviceList VirtualMFADevices);

    public sealed record DeviceList(IReadOnlyList<Device> VirtualMFADevice);

    public sealed record Device(string SerialNumber, DateTimeOffset? ActivateDate, object? User);

    public sealed record RamUserView(string UserId, string UserName, string DisplayName);

    public sealed record ImsUserView(string UserId, string UserPrincipalName, string DisplayName);

    public static Task<ApiResponse> HandleRamAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: false, cancellationToken);

    public static Task<ApiResponse> HandleImsAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: true, cancellationToken);

    private static async Task<ApiResponse> HandleAsync(ActionContext context, bool ims, CancellationToken cancellationToken)
    {
        var maxItems = context.OptionalInt32("MaxItems");
        if (!maxItems.IsSuccess)
        {
            return maxItems.Error;
        }

        if (ims && maxItems.Value is < 1 or > 100)
        {
            return Errors.Request.InvalidParameter.WithMessage("The parameter - \"MaxItems\" must be between 1 and 100.");
        }

        var devices = await context.Get<MfaService>().ListAsync(context.Caller.AccountId, cancellationToken);
        var start = 0;
        if (ims && context.Optional("Marker") is { } marker && (!int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > devices.Count))
        {
            return Errors.Request.InvalidParameter.WithMessage("The parameter - \"Marker\" is not valid.");
        }

        var size = ims ? maxItems.Value ?? 100 : devices.Count;
        var page = devices.Skip(start).Take(size).ToList();
        var users = context.Get<RamUserService>();
        var account = ims ? await context.Get<Latchkey.Core.Accounts.AccountService>().FindAsync(context.Caller.AccountId, cancellationToken) : null;
        var items = new List<Device>(page.Count);
        foreach (var device in page)
        {
            object? user = null;
            if (device.PrincipalId is { } principalId && principalId != device.AccountId
                && await users.GetByIdAsync(device.AccountId, principalId, cancellationToken) is { IsSuccess: true } found)
            {
                user = ims && account is not null
                    ? new ImsUserView(found.Value.UserId, users.PrincipalNameOf(account, found.Value), found.Value.DisplayName)
                    : new RamUserView(found.Value.UserId, found.Value.UserName, found.Value.DisplayName);
            }

            items.Add(new Device(device.SerialNumber, device.ActivateDate, user));
        }

        if (!ims)
        {
            return ApiResponse.Ok(new RamResponse(new DeviceList(items)));
        }

        var truncated = start + page.Count < devices.Count;
        return ApiResponse.Ok(new ImsResponse(truncated, truncated ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null, new DeviceList(items)));
    }
}
