using System.Text;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace Latchkey.Storage.Contract;

/// <summary>
/// The contract for providers with a real database underneath: what its schema refuses and what
/// its files (or a dump) show to someone who has them.
/// </summary>
public abstract class SqlStoreContractTests : StoreContractTests
{
    private const string Secret = "PlainSecret-Zq8vKx3Wm2Rn7Tb4Yc9Hd6Jf1Lg5";
    private const string Password = "PlainPassword-Uy7Tr4Ew2Qa9Sd6Fg3Hj8Kl1";

    /// <summary>Runs SQL outside the store, on this test's database.</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    /// <summary>Everything the database holds as bytes an attacker with the files (or a dump) would see.</summary>
    protected abstract Task<IReadOnlyList<byte[]>> ReadRawStorageAsync();

    [Fact]
    public async Task The_schema_refuses_a_key_without_its_secret()
    {
        var account = await AddAccountAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync(
            $"INSERT INTO access_keys (access_key_id, account_id, user_id, status, create_date, update_date, key_version, secret_ciphertext) VALUES ('LTAInosecret', '{account.AccountId}', NULL, 'Active', 0, 0, 1, NULL)"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync(
            $"INSERT INTO access_keys (access_key_id, account_id, user_id, status, create_date, update_date, key_version, secret_ciphertext) VALUES ('LTAInoversion', '{account.AccountId}', NULL, 'Active', 0, 0, NULL, NULL)"));
        var key = TestData.Key(account.AccountId, null, Secret);
        await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE access_keys SET secret_ciphertext = NULL"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteRawAsync("UPDATE access_keys SET key_version = NULL"));
        Assert.Null(await Store.FindAccessKeyAsync("LTAInosecret", None));
        Assert.Equal(key.Secret.Ciphertext, (await Store.FindAccessKeyAsync(key.Key.AccessKeyId, None))!.Secret.Ciphertext);
    }

    [Fact]
    public async Task The_raw_database_holds_no_plaintext_secret_and_no_plaintext_password()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var hasher = new PasswordHasher<RamUser>();
        await Store.AddLoginProfileAsync(new LoginProfile(user.UserId, hasher.HashPassword(user, Password), false, false, TestData.T0, TestData.T0), TestData.Audit(account.AccountId, "CreateLoginProfile", user.UserName), None);
        await Store.UpdateAccountAsync(account with { PasswordHash = hasher.HashPassword(user, Password) }, TestData.Audit(account.AccountId, "UpdateAccount", "a"), None);
        var keys = new[] { TestData.Key(account.AccountId, user.UserId, Secret), TestData.Key(account.AccountId, null, Secret) };
        foreach (var key in keys)
        {
            Assert.True((await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", key.Key.AccessKeyId), None)).IsSuccess);
        }

        var raw = await ReadRawStorageAsync();

        // The dump is real: it shows what is not secret.
        Assert.Contains(raw, bytes => Contains(bytes, Encoding.UTF8.GetBytes(user.UserName)));
        Assert.Contains(raw, bytes => Contains(bytes, Encoding.UTF8.GetBytes(keys[1].Key.AccessKeyId)));

        foreach (var plaintext in new[] { Secret, Password })
        {
            var utf8 = Encoding.UTF8.GetBytes(plaintext);
            string[] forms =
            [
                plaintext,
                plaintext[..16],
                Convert.ToBase64String(utf8),
                Convert.ToBase64String(utf8).TrimEnd('=')[..16],
                Convert.ToHexString(utf8),
                Convert.ToHexStringLower(utf8),
            ];
            foreach (var form in forms)
            {
                foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
                {
                    var needle = encoding.GetBytes(form);
                    Assert.DoesNotContain(raw, bytes => Contains(bytes, needle));
                }
            }
        }
    }

    [Fact]
    public async Task MfaSeeds_never_reach_the_database_in_plaintext()
    {
        var account = await AddLogonAccountAsync();
        const string seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        var device = Device(account, "phone", seed);
        await Store.AddMfaDeviceAsync(device, 10, TestData.Audit(account, "CreateVirtualMFADevice", "phone"), None);
        await ExecuteRawAsync("SELECT 1");

        var needle = Encoding.UTF8.GetBytes(seed);
        foreach (var bytes in await ReadRawStorageAsync())
        {
            Assert.True(bytes.AsSpan().IndexOf(needle) < 0, "the seed appears in plaintext");
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
