using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using QRCoder;

namespace Latchkey.Core.Mfa;

/// <summary>
/// Virtual MFA devices: creation (a random seed, encrypted at rest, shown once as Base32 and as a
/// QR code), binding with two consecutive codes, unbinding, deletion, and checking a logon code.
/// A code is accepted at most once (the device remembers the newest step used, advanced by one
/// conditional store statement) within one step of clock skew either way; wrong codes are counted
/// in the store like failed logons and lock further tries for a while.
/// </summary>
public sealed partial class MfaService
{
    /// <summary>5 tries without a right code within 15 minutes lock that identity's (or device's) codes for 15 minutes.</summary>
    public static readonly LogonThrottleRule CodeRule = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));

    /// <summary>VirtualMFADevicesQuota of GetAccountSummary's example.</summary>
    public const int MaxDevicesPerAccount = 1000;

    public const string Issuer = "Latchkey";

    private const int SeedBytes = 40;

    private readonly IMfaDeviceStore _store;
    private readonly ILogonThrottleStore _throttles;
    private readonly ISecretProtector _protector;
    private readonly TimeProvider _time;

    public MfaService(IMfaDeviceStore store, ILogonThrottleStore throttles, ISecretProtector protector, TimeProvider time)
    {
        _store = store;
        _throttles = throttles;
        _protector = protector;
        _time = time;
    }

    public async Task<Result<CreatedMfaDevice>> CreateAsync(AuditContext ctx, string? name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(name))
        {
            return Errors.Missing("VirtualMFADeviceName");
        }

        if (name.Length > 64)
        {
            return Errors.Mfa.NameLength;
        }

        if (!NamePattern().IsMatch(name))
        {
            return Errors.Mfa.NameInvalidChars;
        }

        var accountId = ctx.Actor.AccountId;
        var serial = $"acs:ram::{accountId}:mfa/{name}";
        var seed = RandomNumberGenerator.GetBytes(SeedBytes);
        var base32 = Base32.Encode(seed);
        CryptographicOperations.ZeroMemory(seed);
        var device = new MfaDevice(accountId, serial, name, _protector.Protect(SeedOwner(accountId, serial), new AccessKeySecret(base32)), null, null, 0, _time.GetUtcNow());
        var audit = AuditEvents.Create(ctx, _time, "CreateVirtualMFADevice", "VirtualMFADevice", serial);
        var added = await _store.AddMfaDeviceAsync(device, MaxDevicesPerAccount, audit, ct);
        return added.IsSuccess ? Describe(device, base32) : added.Error;
    }

    /// <summary>
    /// The seed of a device that is not bound yet, for the console's enrolment page to show its QR
    /// code again after a wrong code. Bound devices never give their seed out again.
    /// </summary>
    public async Task<Result<CreatedMfaDevice>> RevealUnboundAsync(string accountId, string serialNumber, CancellationToken ct)
    {
        var device = await _store.FindMfaDeviceAsync(accountId, serialNumber, ct);
        if (device is null)
        {
            return Errors.Mfa.NotFound;
        }

        return device.IsBound ? Errors.Mfa.DeviceBound : Describe(device, SeedOf(device));
    }

    public Task<MfaDevice?> FindAsync(string accountId, string serialNumber, CancellationToken ct) =>
        _store.FindMfaDeviceAsync(accountId, serialNumber, ct);

    /// <summary>The device bound to <paramref name="principal"/> (a RAM user, or the account itself), or null.</summary>
    public Task<MfaDevice?> FindBoundAsync(Principal principal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return _store.FindBoundMfaDeviceAsync(principal.AccountId, principal.PrincipalId, ct);
    }

    public Task<IReadOnlyList<MfaDevice>> ListAsync(string accountId, CancellationToken ct) => _store.ListMfaDevicesAsync(accountId, ct);

    /// <summary>
    /// Binds the device to <paramref name="target"/> when the two codes are consecutive codes of its
    /// seed around now (BindMFADevice). Tries are throttled per device.
    /// </summary>
    public async Task<Result> BindAsync(AuditContext ctx, string? serialNumber, Principal target, string? code1, string? code2, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrEmpty(serialNumber))
        {
            return Errors.Missing("SerialNumber");
        }

        if (string.IsNullOrEmpty(code1))
        {
            return Errors.Missing("AuthenticationCode1");
        }

        if (string.IsNullOrEmpty(code2))
        {
            return Errors.Missing("AuthenticationCode2");
        }

        if (!Totp.IsWellFormed(code1) || !Totp.IsWellFormed(code2))
        {
            return Errors.Mfa.CodeFormat;
        }

        var device = await _store.FindMfaDeviceAsync(ctx.Actor.AccountId, serialNumber, ct);
        if (device is null)
        {
            return Errors.Mfa.NotFound;
        }

        if (device.IsBound)
        {
            return Errors.Mfa.DeviceBound;
        }

        if (await _store.FindBoundMfaDeviceAsync(target.AccountId, target.PrincipalId, ct) is not null)
        {
            return Errors.Mfa.UserHasDevice;
        }

        var key = ThrottleKey("device:" + device.AccountId + ":" + device.SerialNumber);
        if (!await AdmitAsync(key, ct))
        {
            return Errors.Request.Throttling;
        }

        var seed = Base32.Decode(SeedOf(device));
        var now = Totp.StepAt(_time.GetUtcNow());
        long? matched = null;
        for (var step = now - 1; step <= now + 1; step++)
        {
            // Both compared every time: no early exit that times which code was wrong.
            var first = Totp.Matches(seed, step, code1);
            var second = Totp.Matches(seed, step + 1, code2);
            if (first & second & step > device.LastStep)
            {
                matched = step + 1;
            }
        }

        CryptographicOperations.ZeroMemory(seed);
        if (matched is not { } lastStep)
        {
            return Errors.Mfa.CodeIncorrect;
        }

        await _throttles.ResetLogonFailuresAsync(key, ct);
        var audit = AuditEvents.Create(ctx, _time, "BindMFADevice", "VirtualMFADevice", device.SerialNumber, "Principal=" + target.PrincipalId);
        return await _store.BindMfaDeviceAsync(device.AccountId, device.SerialNumber, target.PrincipalId, _time.GetUtcNow(), lastStep, audit, ct);
    }

    /// <summary>Unbinds <paramref name="target"/>'s device (which survives, unbound) and returns its serial number.</summary>
    public async Task<Result<string>> UnbindAsync(AuditContext ctx, Principal target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(target);
        var audit = AuditEvents.Create(ctx, _time, "UnbindMFADevice", "VirtualMFADevice", target.PrincipalId);
        return await _store.UnbindMfaDeviceAsync(target.AccountId, target.PrincipalId, audit, ct);
    }

    public async Task<Result> DeleteAsync(AuditContext ctx, string? serialNumber, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(serialNumber))
        {
            return Errors.Missing("SerialNumber");
        }

        var audit = AuditEvents.Create(ctx, _time, "DeleteVirtualMFADevice", "VirtualMFADevice", serialNumber);
        return await _store.DeleteMfaDeviceAsync(ctx.Actor.AccountId, serialNumber, audit, ct);
    }

    /// <summary>
    /// Checks a logon code of <paramref name="principal"/>'s bound device: the step it matches must
    /// be newer than any accepted before (a code works once). Throttling.User while locked,
    /// CheckAuthenticationCodeFail when wrong or used.
    /// </summary>
    public async Task<Result> VerifyCodeAsync(Principal principal, string? code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!Totp.IsWellFormed(code))
        {
            return Errors.Mfa.CodeFormat;
        }

        var device = await FindBoundAsync(principal, ct);
        if (device is null)
        {
            return Errors.Mfa.UserHasNoDevice;
        }

        var key = ThrottleKey("principal:" + principal.PrincipalId);
        if (!await AdmitAsync(key, ct))
        {
            return Errors.Request.Throttling;
        }

        var seed = Base32.Decode(SeedOf(device));
        var now = Totp.StepAt(_time.GetUtcNow());
        long? matched = null;
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (Totp.Matches(seed, step, code!) && step > device.LastStep)
            {
                matched = step;
            }
        }

        CryptographicOperations.ZeroMemory(seed);
        if (matched is not { } used || !await _store.AdvanceMfaStepAsync(device.AccountId, device.SerialNumber, used, ct))
        {
            return Errors.Mfa.CodeIncorrect;
        }

        await _throttles.ResetLogonFailuresAsync(key, ct);
        return Result.Success;
    }

    private async Task<bool> AdmitAsync(string key, CancellationToken ct)
    {
        var attempt = await _throttles.RecordLogonFailureAsync(key, _time.GetUtcNow(), CodeRule, ct);
        return attempt.Failures <= CodeRule.MaxFailures;
    }

    private string SeedOf(MfaDevice device) => _protector.Unprotect(SeedOwner(device.AccountId, device.SerialNumber), device.Seed).Reveal();

    private static CreatedMfaDevice Describe(MfaDevice device, string base32)
    {
        var label = Uri.EscapeDataString($"{Issuer}:{device.DeviceName}@{device.AccountId}");
        var uri = $"otpauth://totp/{label}?secret={base32}&issuer={Issuer}&algorithm=SHA1&digits={Totp.Digits}&period={Totp.StepSeconds}";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return new CreatedMfaDevice(device, base32, png, uri);
    }

    /// <summary>The associated data of a seed's encryption: a ciphertext copied onto another device's row does not decrypt.</summary>
    // The seed is bound to its device and account like an AccessKey secret to its key and owner.
    /// <summary>What a device's seed is sealed to: its serial number and account, so a seed copied to another row does not open.</summary>
    public static SecretOwner SeedOwner(string accountId, string serialNumber) => new("mfa:" + serialNumber, accountId, null);

    private static string ThrottleKey(string text) => "mfa:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("^[A-Za-z0-9.-]+$")]
    private static partial Regex NamePattern();
}
