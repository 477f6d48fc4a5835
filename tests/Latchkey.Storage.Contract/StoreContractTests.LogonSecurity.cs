using System.Text;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;

namespace Latchkey.Storage.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task AddFirstAccountAsync_from_many_callers_on_two_nodes_adds_exactly_one()
    {
        // Each test has its own empty database: this is a fresh install.
        Assert.False(await Store.AnyAccountAsync(None));
        var accounts = Enumerable.Range(0, 12).Select(_ => TestData.Account()).ToList();

        var results = await Task.WhenAll(accounts.Select((account, i) =>
            (i % 2 == 0 ? Store : OtherNode).AddFirstAccountAsync(account, TestData.Audit(account.AccountId, "CreateAccount", account.AccountName), None)));

        Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(Errors.Account.SignUpClosed, r.Error));
        Assert.True(await OtherNode.AnyAccountAsync(None));
    }

    [Fact]
    public async Task AccountSettings_round_trip_and_replace_on_both_nodes()
    {
        var account = await AddLogonAccountAsync();

        Assert.Null(await Store.FindAccountSettingAsync(account, "PasswordPolicy", None));
        await Store.SetAccountSettingAsync(account, "PasswordPolicy", "{\"MinimumPasswordLength\":12}", TestData.T0, TestData.Audit(account, "SetPasswordPolicy", account), None);
        await OtherNode.SetAccountSettingAsync(account, "PasswordPolicy", "{\"MinimumPasswordLength\":14}", TestData.T0, TestData.Audit(account, "SetPasswordPolicy", account), None);

        Assert.Equal("{\"MinimumPasswordLength\":14}", await Store.FindAccountSettingAsync(account, "PasswordPolicy", None));
        Assert.Null(await Store.FindAccountSettingAsync(account, "SecurityPreference", None));
    }

    [Fact]
    public async Task PasswordHistory_keeps_the_newest_entries_newest_first()
    {
        var principal = TestData.NewId("2");
        for (var i = 0; i < 5; i++)
        {
            await (i % 2 == 0 ? Store : OtherNode).AddPasswordHistoryAsync(principal, new PasswordHistoryEntry("hash-" + i, TestData.T0.AddDays(i), i == 0), keep: 3, None);
        }

        var history = await Store.ListPasswordHistoryAsync(principal, 10, None);

        Assert.Equal(["hash-4", "hash-3", "hash-2"], history.Select(h => h.PasswordHash));
        Assert.Equal(TestData.T0.AddDays(4), history[0].SetDate);
        Assert.False(history[0].Initial);
        Assert.Single(await Store.ListPasswordHistoryAsync(principal, 1, None));
        Assert.Empty(await Store.ListPasswordHistoryAsync(TestData.NewId("2"), 5, None));
    }

    [Fact]
    public async Task MfaDevices_add_bind_unbind_delete_keep_their_rules()
    {
        var account = await AddLogonAccountAsync();
        var device = Device(account, "phone");
        var user = TestData.NewId("2");

        Assert.True((await Store.AddMfaDeviceAsync(device, 10, TestData.Audit(account, "CreateVirtualMFADevice", "phone"), None)).IsSuccess);
        Assert.Equal(Errors.Mfa.AlreadyExists, (await OtherNode.AddMfaDeviceAsync(Device(account, "PHONE"), 10, TestData.Audit(account, "CreateVirtualMFADevice", "PHONE"), None)).Error);
        var stored = await OtherNode.FindMfaDeviceAsync(account, device.SerialNumber, None);
        Assert.NotNull(stored);
        Assert.Equal(device.Seed.Ciphertext, stored.Seed.Ciphertext);
        Assert.Equal(device.CreateDate, stored.CreateDate);
        Assert.False(stored.IsBound);

        Assert.True((await Store.BindMfaDeviceAsync(account, device.SerialNumber, user, TestData.T0, 100, TestData.Audit(account, "BindMFADevice", "phone"), None)).IsSuccess);
        Assert.Equal(Errors.Mfa.DeviceBound, (await OtherNode.BindMfaDeviceAsync(account, device.SerialNumber, TestData.NewId("2"), TestData.T0, 100, TestData.Audit(account, "BindMFADevice", "phone"), None)).Error);
        var second = Device(account, "tablet");
        await Store.AddMfaDeviceAsync(second, 10, TestData.Audit(account, "CreateVirtualMFADevice", "tablet"), None);
        Assert.Equal(Errors.Mfa.UserHasDevice, (await OtherNode.BindMfaDeviceAsync(account, second.SerialNumber, user, TestData.T0, 1, TestData.Audit(account, "BindMFADevice", "tablet"), None)).Error);
        Assert.Equal(Errors.Mfa.NotFound, (await OtherNode.BindMfaDeviceAsync(account, "acs:ram::x:mfa/none", TestData.NewId("2"), TestData.T0, 1, TestData.Audit(account, "BindMFADevice", "none"), None)).Error);
        var bound = await Store.FindBoundMfaDeviceAsync(account, user, None);
        Assert.Equal(device.SerialNumber, bound?.SerialNumber);
        Assert.Equal(100, bound?.LastStep);
        Assert.Equal(TestData.T0, bound?.ActivateDate);

        Assert.Equal(Errors.Mfa.DeleteConflictBound, (await Store.DeleteMfaDeviceAsync(account, device.SerialNumber, TestData.Audit(account, "DeleteVirtualMFADevice", "phone"), None)).Error);
        Assert.Equal(device.SerialNumber, (await OtherNode.UnbindMfaDeviceAsync(account, user, TestData.Audit(account, "UnbindMFADevice", user), None)).Value);
        Assert.Equal(Errors.Mfa.UserHasNoDevice, (await Store.UnbindMfaDeviceAsync(account, user, TestData.Audit(account, "UnbindMFADevice", user), None)).Error);
        Assert.True((await Store.DeleteMfaDeviceAsync(account, device.SerialNumber, TestData.Audit(account, "DeleteVirtualMFADevice", "phone"), None)).IsSuccess);
        Assert.Equal(Errors.Mfa.NotFound, (await OtherNode.DeleteMfaDeviceAsync(account, device.SerialNumber, TestData.Audit(account, "DeleteVirtualMFADevice", "phone"), None)).Error);
        Assert.Equal([second.SerialNumber], (await OtherNode.ListMfaDevicesAsync(account, None)).Select(d => d.SerialNumber));
    }

    [Fact]
    public async Task MfaDevices_beyond_the_limit_are_refused_under_concurrency()
    {
        var account = await AddLogonAccountAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? Store : OtherNode).AddMfaDeviceAsync(Device(account, "d" + i), 3, TestData.Audit(account, "CreateVirtualMFADevice", "d" + i), None)));

        Assert.Equal(3, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(Errors.Mfa.LimitExceeded, r.Error));
    }

    [Fact]
    public async Task AdvanceMfaStepAsync_accepts_each_step_once_even_from_concurrent_callers()
    {
        var account = await AddLogonAccountAsync();
        var device = Device(account, "phone");
        await Store.AddMfaDeviceAsync(device, 10, TestData.Audit(account, "CreateVirtualMFADevice", "phone"), None);
        Assert.False(await Store.AdvanceMfaStepAsync(account, device.SerialNumber, 200, None)); // unbound: no logon codes
        await Store.BindMfaDeviceAsync(account, device.SerialNumber, TestData.NewId("2"), TestData.T0, 100, TestData.Audit(account, "BindMFADevice", "phone"), None);

        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? Store : OtherNode).AdvanceMfaStepAsync(account, device.SerialNumber, 101, None)));

        Assert.Single(wins, true);
        Assert.False(await Store.AdvanceMfaStepAsync(account, device.SerialNumber, 100, None));
        Assert.True(await OtherNode.AdvanceMfaStepAsync(account, device.SerialNumber, 102, None));
    }

    [Fact]
    public async Task Every_devices_seed_is_listed_and_can_be_resealed_without_touching_the_rest()
    {
        var account = await AddLogonAccountAsync();
        var device = Device(account, "rotor");
        Assert.True((await Store.AddMfaDeviceAsync(device, 10, TestData.Audit(account, "CreateVirtualMFADevice", "rotor"), None)).IsSuccess);
        Assert.Contains(await OtherNode.ListAllMfaDevicesAsync(None), d => d.SerialNumber == device.SerialNumber);

        var resealed = TestData.Protect("mfa:" + account + ":" + device.SerialNumber, "JBSWY3DPEHPK3PXP", 7);
        await Store.ReplaceMfaSeedAsync(account, device.SerialNumber, resealed, None);

        var stored = (await OtherNode.FindMfaDeviceAsync(account, device.SerialNumber, None))!;
        Assert.Equal(7, stored.Seed.KeyVersion);
        Assert.Equal(resealed.Ciphertext, stored.Seed.Ciphertext);
        Assert.Equal(device with { Seed = stored.Seed }, stored);
    }

    protected async Task<string> AddLogonAccountAsync()
    {
        var account = TestData.Account();
        Assert.True((await Store.AddAccountAsync(account, TestData.Audit(account.AccountId, "CreateAccount", account.AccountName), None)).IsSuccess);
        return account.AccountId;
    }

    protected static MfaDevice Device(string accountId, string name, string seed = "JBSWY3DPEHPK3PXP")
    {
        var serial = $"acs:ram::{accountId}:mfa/{name}";
        ProtectedSecret protectedSeed = TestData.Protect("mfa:" + accountId + ":" + serial, seed, 1);
        return new MfaDevice(accountId, serial, name, protectedSeed, null, null, 0, TestData.T0);
    }
}
