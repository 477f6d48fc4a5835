using Latchkey.Core.Mfa;

namespace Latchkey.Server.Api.Mfa;

/// <summary>IMS DisableVirtualMFA: UserPrincipalName required; unbinds the user's device and deletes it.</summary>
internal static class DisableVirtualMFA
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var target = await MfaTarget.FromPrincipalNameAsync(context, callerWhenAbsent: false, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var mfa = context.Get<MfaService>();
        var serial = await mfa.UnbindAsync(context.Audit, target.Value, cancellationToken);
        return serial.IsSuccess ? ApiResponse.From(await mfa.DeleteAsync(context.Audit, serial.Value, cancellationToken)) : serial.Error;
    }
}
