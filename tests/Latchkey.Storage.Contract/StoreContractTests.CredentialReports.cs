using Latchkey.Core.Reports;

namespace Latchkey.Storage.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task CredentialReports_keep_the_newest_per_account()
    {
        var account = await AddAccountAsync();
        var other = await AddAccountAsync();
        Assert.Null(await Store.FindCredentialReportAsync(account.AccountId, None));

        var first = new CredentialReport(account.AccountId, TestData.T0, "user,user_creation_time\n<root>,2026-11-28T06:00:00Z\n");
        var second = first with { GeneratedTime = TestData.T0.AddHours(5), Csv = "user\n<root>\nalice@x.onaliyun.com\n" };
        await Store.SaveCredentialReportAsync(first, TestData.Audit(account.AccountId, "GenerateCredentialReport", account.AccountId), None);
        Assert.Equal(first, await OtherNode.FindCredentialReportAsync(account.AccountId, None));
        await OtherNode.SaveCredentialReportAsync(second, TestData.Audit(account.AccountId, "GenerateCredentialReport", account.AccountId), None);

        Assert.Equal(second, await Store.FindCredentialReportAsync(account.AccountId, None));
        Assert.Null(await Store.FindCredentialReportAsync(other.AccountId, None));
    }
}
