using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Core.Tests.Support;
using Latchkey.Core.Users;

namespace Latchkey.Core.Tests;

public sealed class AuditTests
{
    [Fact]
    public async Task EveryMutation_IsAuditedWithActorKeyRequestAndSource_AndNoSecret()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var signingKey = await h.NewKeyAsync(account);
        var ctx = new AuditContext(new Principal(account.AccountId, null, null, signingKey.Key.AccessKeyId), "192.0.2.77", "req-audit");
        var none = CancellationToken.None;
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Users.CreateAsync(ctx, new CreateUserInput("carol", null, null, null, null), none);
        await h.Users.UpdateAsync(ctx, "carol", new UpdateUserInput(null, "Carol", null, null, null), none);
        await h.Users.CreateLoginProfileAsync(ctx, "carol", "Car0l!Password", false, false, none);
        await h.Users.AttachPolicyAsync(ctx, "carol", "AdministratorAccess", "System", none);
        var key = (await h.Keys.CreateAsync(ctx, "carol", none)).Value;
        await h.Keys.UpdateStatusAsync(ctx, "carol", key.Key.AccessKeyId, "Inactive", none);
        await h.Keys.DeleteAsync(ctx, "carol", key.Key.AccessKeyId, none);
        await h.Accounts.SetAliasAsync(ctx, "audited-corp", none);

        var events = h.Store.AuditEvents.Where(e => e.RequestId == "req-audit").ToList();
        Assert.Equal(
            ["CreateUser", "UpdateUser", "CreateLoginProfile", "AttachPolicyToUser", "CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "SetAccountAlias"],
            events.Select(e => e.EventName));
        Assert.All(events, e =>
        {
            Assert.Equal(account.AccountId, e.AccountId);
            Assert.Equal(account.AccountId, e.ActorPrincipalId);
            Assert.Equal(signingKey.Key.AccessKeyId, e.ActorAccessKeyId);
            Assert.Equal("192.0.2.77", e.SourceIp);
            Assert.Equal(CoreHarness.Start.AddMinutes(3), e.Time);
            Assert.DoesNotContain(key.Secret.Reveal(), e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Car0l!Password", e.ToString(), StringComparison.Ordinal);
        });
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
    }
}
