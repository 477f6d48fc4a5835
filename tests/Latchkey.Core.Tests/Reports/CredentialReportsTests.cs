using Latchkey.Core.AccessKeys;
using Latchkey.Core.Reports;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.Reports;

public sealed class CredentialReportsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static List<Dictionary<string, string>> Parse(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    [Fact]
    public async Task TheReport_HasOneRowPerIdentity_WithPasswordMfaAndEachKeysStatusAgeLastUseAndService()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var ctx = CoreHarness.AsAccount(account);
        await h.NewUserAsync(account, "alice");
        await h.NewUserAsync(account, "bob");
        Assert.True((await h.Users.CreateLoginProfileAsync(ctx, "alice", "Alice#Passw0rd1", false, false, None)).IsSuccess);
        var rootKey = await h.NewKeyAsync(account);
        h.Time.Advance(TimeSpan.FromDays(3));
        var used = await h.NewKeyAsync(account, "bob");
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var idle = await h.NewKeyAsync(account, "bob");
        Assert.True((await h.Keys.UpdateStatusAsync(ctx, "bob", idle.Key.AccessKeyId, "Inactive", None)).IsSuccess);
        await h.Store.RecordLastUseAsync([new(used.Key.AccessKeyId, new AccessKeyLastUse(CoreHarness.Start.AddDays(3).AddHours(1), "ims", "ListUsers", "192.0.2.1"))], None);
        var reports = h.Get<CredentialReports>();

        Assert.Equal(Errors.CredentialReport.NotFound, (await reports.GetAsync(account.AccountId, null, null, None)).Error);
        Assert.Equal("COMPLETED", (await reports.GenerateAsync(ctx, None)).Value);
        var page = (await reports.GetAsync(account.AccountId, null, null, None)).Value;
        var rows = Parse(page.Csv);

        Assert.StartsWith(
            "user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,password_next_rotation,mfa_active,"
            + "access_key_1_exist,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used,"
            + "access_key_2_exist,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used,"
            + "access_key_1_last_used_service,access_key_2_last_used_service\n",
            page.Csv,
            StringComparison.Ordinal);
        Assert.False(page.IsTruncated);
        Assert.Equal(["<root>", $"alice@{account.AccountId}.onaliyun.com", $"bob@{account.AccountId}.onaliyun.com"], rows.Select(r => r["user"]));
        var root = rows[0];
        Assert.Equal("TRUE", root["password_exist"]);
        Assert.Equal("N/A", root["password_active"]);
        Assert.Equal("TRUE", root["access_key_1_exist"]);
        Assert.Equal("TRUE", root["access_key_1_active"]);
        Assert.Equal("2026-11-28T06:00:00Z", root["access_key_1_last_rotated"]);
        Assert.Equal("-", root["access_key_1_last_used"]);
        Assert.Equal("FALSE", root["access_key_2_exist"]);
        var alice = rows[1];
        Assert.Equal("TRUE", alice["password_exist"]);
        Assert.Equal("TRUE", alice["password_active"]);
        Assert.Equal("-", alice["password_next_rotation"]);
        Assert.Equal("-", alice["user_last_logon"]);
        Assert.Equal("FALSE", alice["mfa_active"]);
        Assert.Equal("FALSE", alice["access_key_1_exist"]);
        Assert.Equal("N/A", alice["access_key_1_last_used"]);
        var bob = rows[2];
        Assert.Equal("FALSE", bob["password_exist"]);
        Assert.Equal("N/A", bob["password_last_changed"]);
        Assert.Equal("TRUE", bob["access_key_1_active"]);
        Assert.Equal("2026-12-01T07:00:00Z", bob["access_key_1_last_used"]);
        Assert.Equal("ims", bob["access_key_1_last_used_service"]);
        Assert.Equal("FALSE", bob["access_key_2_active"]);
        Assert.Equal("-", bob["access_key_2_last_used"]);
        Assert.DoesNotContain(rootKey.Secret.Reveal(), page.Csv, StringComparison.Ordinal);
        Assert.DoesNotContain(used.Key.AccessKeyId, page.Csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReport_IsReusedForFourHours_AndPagesRepeatTheHeader()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var ctx = CoreHarness.AsAccount(account);
        foreach (var name in new[] { "u1", "u2", "u3" })
        {
            await h.NewUserAsync(account, name);
        }

        var reports = h.Get<CredentialReports>();
        await reports.GenerateAsync(ctx, None);
        var first = (await reports.GetAsync(account.AccountId, null, null, None)).Value.GeneratedTime;
        await h.NewUserAsync(account, "u4");
        h.Time.Advance(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(1));
        await reports.GenerateAsync(ctx, None);
        var reused = (await reports.GetAsync(account.AccountId, null, null, None)).Value;
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await reports.GenerateAsync(ctx, None);
        var pageOne = (await reports.GetAsync(account.AccountId, "2", null, None)).Value;
        var pageTwo = (await reports.GetAsync(account.AccountId, "2", pageOne.NextToken, None)).Value;
        var pageThree = (await reports.GetAsync(account.AccountId, "2", pageTwo.NextToken, None)).Value;

        Assert.Equal(first, reused.GeneratedTime);
        Assert.Equal(4, Parse(reused.Csv).Count);
        Assert.Equal(first.AddHours(4), pageOne.GeneratedTime);
        Assert.True(pageOne.IsTruncated);
        Assert.Equal(["<root>", $"u1@{account.AccountId}.onaliyun.com"], Parse(pageOne.Csv).Select(r => r["user"]));
        Assert.Equal([$"u2@{account.AccountId}.onaliyun.com", $"u3@{account.AccountId}.onaliyun.com"], Parse(pageTwo.Csv).Select(r => r["user"]));
        Assert.True(pageTwo.IsTruncated);
        Assert.Equal([$"u4@{account.AccountId}.onaliyun.com"], Parse(pageThree.Csv).Select(r => r["user"]));
        Assert.False(pageThree.IsTruncated);
        Assert.Null(pageThree.NextToken);
        Assert.Equal("InvalidParameter", (await reports.GetAsync(account.AccountId, "0", null, None)).Error?.Code);
        Assert.Equal("InvalidParameter", (await reports.GetAsync(account.AccountId, "3502", null, None)).Error?.Code);
        Assert.Equal("InvalidParameter", (await reports.GetAsync(account.AccountId, null, "bm90LWEtdG9rZW4=", None)).Error?.Code);
        Assert.Single(h.Store.AuditEvents, e => e.EventName == "GenerateCredentialReport" && e.Time == first);
    }
}
