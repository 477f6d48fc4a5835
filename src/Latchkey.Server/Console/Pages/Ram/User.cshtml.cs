using Latchkey.Core.Accounts;
using Latchkey.Core.Authorization;
using Latchkey.Core.Mfa;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Users;
using Latchkey.Core;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>
/// One RAM user: the Authentication tab (console logon, User AccessKeys) and Basic Information.
/// A new secret appears only in the response to the Create POST.
/// </summary>
public sealed class UserModel(RamUserService users, AccountService accounts, AccessKeyPanels panels, Authorizer authorizer, MfaService mfa)
    : RamPageModel(authorizer)
{
    public const string WeakPasswordMessage =
        "The console password must be 8 to 32 characters and contain at least three of: lowercase letters, uppercase letters, digits and symbols.";

    [BindProperty(SupportsGet = true)]
    public string UserName { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Tab { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Notice { get; set; }

    [BindProperty]
    public string? ConsolePassword { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Comments { get; set; }

    public RamUser? RamUser { get; private set; }

    public string PrincipalName { get; private set; } = "";

    public LoginProfile? LoginProfile { get; private set; }

    public MfaDevice? MfaDevice { get; private set; }

    public AccessKeyPanel? Panel { get; private set; }

    public string? Error { get; private set; }

    public string? Success { get; private set; }

    public bool ShowBasic => string.Equals(Tab, "basic", StringComparison.OrdinalIgnoreCase);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.Equals(Notice, "password-weak", StringComparison.Ordinal))
        {
            Error = "The user is created, but its console password was not set. " + WeakPasswordMessage;
        }
        else if (string.Equals(Notice, "basic-saved", StringComparison.Ordinal))
        {
            Success = "The basic information is saved.";
        }

        return await RenderAsync("ram:GetUser", null, ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!await MayAsync("ram:CreateAccessKey", UserName, ct))
        {
            return NoPermission();
        }

        var (created, error) = await panels.CreateAsync(Audit(), UserName, forRamUser: true, ct);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return await RenderAsync("ram:CreateAccessKey", created, ct, error);
    }

    /// <summary>Rotate as one action (server-side rotation): the RAM actions it performs, CreateAccessKey, UpdateAccessKey and DeleteAccessKey, on the user.</summary>
    public async Task<IActionResult> OnPostRotateAsync(string? accessKeyId, string? graceMinutes, CancellationToken ct)
    {
        if (!await MayAsync("ram:CreateAccessKey", UserName, ct) || !await MayAsync("ram:UpdateAccessKey", UserName, ct) || !await MayAsync("ram:DeleteAccessKey", UserName, ct))
        {
            return NoPermission();
        }

        var (created, error) = await panels.RotateAsync(Audit(), UserName, accessKeyId, graceMinutes, ct);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return await RenderAsync("ram:CreateAccessKey", created, ct, error);
    }

    public async Task<IActionResult> OnPostCancelRotationAsync(string? accessKeyId, CancellationToken ct)
    {
        if (!await MayAsync("ram:UpdateAccessKey", UserName, ct))
        {
            return NoPermission();
        }

        var error = await panels.CancelRotationAsync(Audit(), UserName, accessKeyId, ct);
        return error is null ? LocalRedirect(ConsolePaths.User(UserName)) : await RenderAsync("ram:UpdateAccessKey", null, ct, error);
    }

    public async Task<IActionResult> OnPostStatusAsync(string? accessKeyId, string? status, CancellationToken ct)
    {
        if (!await MayAsync("ram:UpdateAccessKey", UserName, ct))
        {
            return NoPermission();
        }

        var error = await panels.SetStatusAsync(Audit(), UserName, accessKeyId, status, ct);
        return error is null ? LocalRedirect(ConsolePaths.User(UserName)) : await RenderAsync("ram:UpdateAccessKey", null, ct, error);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? accessKeyId, CancellationToken ct)
    {
        if (!await MayAsync("ram:DeleteAccessKey", UserName, ct))
        {
            return NoPermission();
        }

        var error = await panels.DeleteAsync(Audit(), UserName, accessKeyId, ct);
        return error is null ? LocalRedirect(ConsolePaths.User(UserName)) : await RenderAsync("ram:DeleteAccessKey", null, ct, error);
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        if (!await MayAsync("ram:UpdateLoginProfile", UserName, ct))
        {
            return NoPermission();
        }

        var password = ConsolePassword;
        ConsolePassword = null;
        var existing = await users.GetLoginProfileAsync(Caller.AccountId, UserName, ct);
        Result<LoginProfile> result = existing.IsSuccess
            ? await users.UpdateLoginProfileAsync(Audit(), UserName, password, null, null, ct)
            : await users.CreateLoginProfileAsync(Audit(), UserName, password, false, false, ct);
        if (!result.IsSuccess)
        {
            // The policy's message names the rule that failed.
            return await RenderAsync("ram:UpdateLoginProfile", null, ct, result.Error.Message);
        }

        Success = "The console password is saved. The user can now log on to the console.";
        return await RenderAsync("ram:UpdateLoginProfile", null, ct);
    }

    /// <summary>Basic Information: Display Name (required) and Comments (may be cleared).</summary>
    public async Task<IActionResult> OnPostBasicAsync(CancellationToken ct)
    {
        if (!await MayAsync("ram:UpdateUser", UserName, ct))
        {
            return NoPermission();
        }

        Tab = "basic";
        var displayName = (DisplayName ?? "").Trim();
        if (displayName.Length == 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await RenderAsync("ram:UpdateUser", null, ct, basicError: "Enter a display name (1 to 128 characters).");
        }

        var updated = await users.UpdateAsync(Audit(), UserName, new UpdateUserInput(null, displayName, (Comments ?? "").Trim(), null, null), ct);
        if (!updated.IsSuccess)
        {
            Response.StatusCode = updated.Error.HttpStatus;
            return await RenderAsync("ram:UpdateUser", null, ct, basicError: $"{updated.Error.Message} ({updated.Error.Code})");
        }

        return LocalRedirect(ConsolePaths.User(UserName) + "?tab=basic&notice=basic-saved");
    }

    /// <summary>Recovery: the account (or a RAM administrator) unbinds a user's lost MFA device and deletes it.</summary>
    public async Task<IActionResult> OnPostUnbindMfaAsync(CancellationToken ct)
    {
        if (!await MayAsync("ram:UnbindMFADevice", UserName, ct))
        {
            return NoPermission();
        }

        var user = await users.GetAsync(Caller.AccountId, UserName, ct);
        if (!user.IsSuccess)
        {
            return NotFound();
        }

        var target = new Principal(user.Value.AccountId, user.Value.UserId, user.Value.UserName, null);
        var serial = await mfa.UnbindAsync(Audit(), target, ct);
        if (!serial.IsSuccess)
        {
            return await RenderAsync("ram:UnbindMFADevice", null, ct, serial.Error.Message);
        }

        await mfa.DeleteAsync(Audit(), serial.Value, ct);
        Success = "The MFA device is unbound. The user logs on with the password alone until it binds a new one.";
        return await RenderAsync("ram:UnbindMFADevice", null, ct);
    }

    public async Task<IActionResult> OnPostRemovePasswordAsync(CancellationToken ct)
    {
        if (!await MayAsync("ram:DeleteLoginProfile", UserName, ct))
        {
            return NoPermission();
        }

        var result = await users.DeleteLoginProfileAsync(Audit(), UserName, ct);
        return result.IsSuccess ? LocalRedirect(ConsolePaths.User(UserName)) : await RenderAsync("ram:DeleteLoginProfile", null, ct, result.Error.Message);
    }

    private async Task<IActionResult> RenderAsync(string ramAction, CreatedAccessKeyView? created, CancellationToken ct, string? error = null, string? basicError = null)
    {
        if (!await MayAsync(ramAction, UserName, ct))
        {
            return NoPermission();
        }

        var user = await users.GetAsync(Caller.AccountId, UserName, ct);
        var account = await accounts.FindAsync(Caller.AccountId, ct);
        if (!user.IsSuccess || account is null)
        {
            return NotFound();
        }

        RamUser = user.Value;
        PrincipalName = users.PrincipalNameOf(account, user.Value);
        var profile = await users.GetLoginProfileAsync(Caller.AccountId, UserName, ct);
        LoginProfile = profile.IsSuccess ? profile.Value : null;
        MfaDevice = await mfa.FindBoundAsync(new Principal(user.Value.AccountId, user.Value.UserId, user.Value.UserName, null), ct);
        var panel = await panels.LoadAsync(Caller, UserName, forRamUser: true, ConsolePaths.User(UserName), created, null, ct, ConsolePaths.UserRecycleBin(UserName));
        if (!panel.IsSuccess)
        {
            return NotFound();
        }

        Panel = panel.Value;
        if (basicError is not null)
        {
            // Keep what was typed, so the user can correct it.
            Error = basicError;
            return Page();
        }

        DisplayName = user.Value.DisplayName;
        Comments = user.Value.Comments;
        Error ??= error;
        if (created is not null || error is not null)
        {
            Tab = "authentication";
        }

        // AccessKey errors show inside the User AccessKeys section, next to the button that caused them.
        if (error is not null && panel.Value is { } loaded)
        {
            Panel = new AccessKeyPanel
            {
                Keys = loaded.Keys, Limit = loaded.Limit, ForRamUser = true, ReturnUrl = loaded.ReturnUrl, Created = created, Error = error,
                Rotations = loaded.Rotations, GracePresets = loaded.GracePresets, DefaultGraceMinutes = loaded.DefaultGraceMinutes, RecycleBinUrl = loaded.RecycleBinUrl,
            };
            Error = null;
        }

        return Page();
    }
}
