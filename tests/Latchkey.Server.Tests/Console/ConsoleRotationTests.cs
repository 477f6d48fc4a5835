using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Latchkey.Core;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

/// <summary>
/// Rotate as one action through the real HTTP stack: the console's Rotate starts the server-side
/// rotation (new pair shown once, grace chosen on the form); the server's scheduled job, on a
/// shifted clock, disables and recycles the old key and the page shows where it is; Cancel;
/// refusals; authorization by the policy engine; the recycle-bin page; the API actions and the
/// metric's counts.
/// </summary>
public sealed class ConsoleRotationTests : IDisposable
{
    private const string Password = "Str0ng!Passw0rd";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly RotationFactory _factory = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _steps = new(StringComparer.Ordinal);

    public ConsoleRotationTests()
    {
        var meterFactory = _factory.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Latchkey" && instrument.Name == "latchkey.accesskeys.rotations" && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "step")
                {
                    _steps.AddOrUpdate((string)tag.Value!, value, (_, n) => n + value);
                }
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _factory.Dispose();
    }

    private long Steps(string step) => _steps.GetValueOrDefault(step);

    private async Task<(ConsoleSession Session, Account Account, AuditContext Actor)> AccountAsync()
    {
        var name = "rotui-" + Guid.NewGuid().ToString("N")[..12];
        var accounts = _factory.Services.GetRequiredService<AccountService>();
        Assert.True((await accounts.CreateAsync(name, Password, "127.0.0.1", "test", None)).IsSuccess);
        var account = (await accounts.FindByNameAsync(name, None))!;
        var session = new ConsoleSession(_factory);
        await session.LogOnAsync(name, Password);
        return (session, account, new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test"));
    }

    private async Task<string> NewKeyAsync(AuditContext actor, string? userName = null)
    {
        var created = await _factory.Services.GetRequiredService<AccessKeyService>().CreateAsync(actor, userName, None);
        Assert.True(created.IsSuccess, created.Error?.Code);
        return created.Value.Key.AccessKeyId;
    }

    private async Task<AccessKeyRotation> WaitForStateAsync(string oldId, AccessKeyRotationState state)
    {
        var store = _factory.Services.GetRequiredService<ILatchkeyStore>();
        for (var i = 0; i < 600; i++)
        {
            var rotation = (await store.ListOpenAccessKeyRotationsAsync(1000, None)).FirstOrDefault(r => r.OldAccessKeyId == oldId);
            if (rotation is null)
            {
                // Finished: find it among the account's.
                var key = (await store.FindAccessKeyAsync(oldId, None))?.Key ?? await store.FindRecycledAccessKeyAsync(oldId, None);
                rotation = (await store.ListAccessKeyRotationsAsync(key!.AccountId, DateTimeOffset.MinValue, None)).First(r => r.OldAccessKeyId == oldId);
            }

            if (rotation.State == state)
            {
                return rotation;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the rotation of {oldId} never reached {state}");
    }

    [Fact]
    public async Task Rotate_OnTheAccountPage_ShowsThePairOnce_ThenTheJobDisablesAndRecyclesTheOldKey_AndThePageFollows()
    {
        var (opened, account, actor) = await AccountAsync();
        using var session = opened;
        var oldId = await NewKeyAsync(actor);
        var before = await session.GetHtmlAsync("/console/accesskeys");
        Assert.Contains($"aria-label=\"Grace period for {oldId}\"", before, StringComparison.Ordinal);
        Assert.Contains("<option value=\"15\" selected=\"selected\">15 minutes</option>", before, StringComparison.Ordinal);

        using var rotated = await session.PostFormAsync("/console/accesskeys", "/console/accesskeys?handler=Rotate", ("accessKeyId", oldId), ("graceMinutes", "60"));
        var html = await rotated.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Contains("Rotate AccessKey", html, StringComparison.Ordinal);
        Assert.Contains("once it has not been used for 1 hour", html, StringComparison.Ordinal);
        var rotation = await WaitForStateAsync(oldId, AccessKeyRotationState.Waiting);
        Assert.Equal(TimeSpan.FromHours(1), rotation.GracePeriod);
        Assert.Contains($"id=\"created-access-key-id\">{rotation.NewAccessKeyId}<", html, StringComparison.Ordinal);
        var waiting = await session.GetHtmlAsync("/console/accesskeys");
        Assert.Contains($"Rotating to {rotation.NewAccessKeyId}: waiting until unused for 1 hour", waiting, StringComparison.Ordinal);
        Assert.Contains($"aria-label=\"Cancel rotation of {oldId}\"", waiting, StringComparison.Ordinal);
        Assert.DoesNotContain($"aria-label=\"Rotate {rotation.NewAccessKeyId}\"", waiting, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"created-access-key-secret\"", waiting, StringComparison.Ordinal);

        // Not used any more: after the grace period the server's own job disables it, then recycles it after the hold.
        _factory.Clock.Offset = TimeSpan.FromMinutes(30);
        await Task.Delay(1500);
        Assert.Equal(AccessKeyStatus.Active, (await _factory.Services.GetRequiredService<ILatchkeyStore>().FindAccessKeyAsync(oldId, None))!.Key.Status);
        _factory.Clock.Offset = TimeSpan.FromMinutes(61);
        var disabled = await WaitForStateAsync(oldId, AccessKeyRotationState.Disabled);
        var disabledPage = await session.GetHtmlAsync("/console/accesskeys");
        Assert.Contains($"Rotated to {rotation.NewAccessKeyId}: disabled", disabledPage, StringComparison.Ordinal);
        Assert.Equal(AccessKeyStatus.Inactive, (await _factory.Services.GetRequiredService<ILatchkeyStore>().FindAccessKeyAsync(oldId, None))!.Key.Status);
        _factory.Clock.Offset = TimeSpan.FromMinutes(61) + RotationFactory.Hold;
        await WaitForStateAsync(oldId, AccessKeyRotationState.Recycled);
        var done = await session.GetHtmlAsync("/console/accesskeys");
        Assert.Contains("In recycle bin", done, StringComparison.Ordinal);
        Assert.Contains($"rotated to {rotation.NewAccessKeyId}", done, StringComparison.Ordinal);
        Assert.DoesNotContain($"aria-label=\"Cancel rotation of {oldId}\"", done, StringComparison.Ordinal);
        Assert.NotNull(await _factory.Services.GetRequiredService<ILatchkeyStore>().FindRecycledAccessKeyAsync(oldId, None));
        Assert.True(disabled.StateChangedAt >= rotation.StartedAt + TimeSpan.FromHours(1));
        var bin = await session.GetHtmlAsync("/console/accesskeys/recycle-bin");
        Assert.Contains($"aria-label=\"Restore {oldId}\"", bin, StringComparison.Ordinal);

        var audit = (await _factory.Services.GetRequiredService<ILatchkeyStore>().ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items;
        Assert.Contains(audit, e => e.EventName == "AccessKeyRotationStarted" && e.ResourceName == oldId && e.ActorPrincipalId == account.AccountId);
        Assert.Contains(audit, e => e.EventName == "AccessKeyRotationOldKeyDisabled" && e.ResourceName == oldId && e.ActorPrincipalId == AccessKeyRecycleBin.SystemActor);
        Assert.Contains(audit, e => e.EventName == "AccessKeyRotationOldKeyRecycled" && e.ResourceName == oldId);
        Assert.Equal(1, Steps("started"));
        Assert.Equal(1, Steps("old_key_disabled"));
        Assert.Equal(1, Steps("old_key_recycled"));
    }

    [Fact]
    public async Task Rotate_Twice_AtTheCap_OrWithAnUnofferedGrace_IsRefused_AndCancelStopsIt()
    {
        var (opened, _, actor) = await AccountAsync();
        using var session = opened;
        Assert.True((await _factory.Services.GetRequiredService<RamUserService>().CreateAsync(actor, new CreateUserInput("rowan", null, null, null, null), None)).IsSuccess);
        var oldId = await NewKeyAsync(actor, "rowan");
        const string page = "/console/ram/users/rowan";

        using var badGrace = await session.PostFormAsync(page, page + "?handler=Rotate", ("accessKeyId", oldId), ("graceMinutes", "7"));
        using var rotated = await session.PostFormAsync(page, page + "?handler=Rotate", ("accessKeyId", oldId), ("graceMinutes", "5"));
        using var twice = await session.PostAsync(page + "?handler=Rotate", ("accessKeyId", oldId), ("graceMinutes", "5"), ("__RequestVerificationToken", ConsoleSession.TokenIn(await session.GetHtmlAsync(page))));
        var rotation = await WaitForStateAsync(oldId, AccessKeyRotationState.Waiting);
        using var cancelled = await session.PostFormAsync(page, page + "?handler=CancelRotation", ("accessKeyId", oldId));
        var after = await session.GetHtmlAsync(page);
        using var atCap = await session.PostFormAsync(page, page + "?handler=Rotate", ("accessKeyId", oldId), ("graceMinutes", "5"));

        Assert.Equal(HttpStatusCode.Conflict, badGrace.StatusCode);
        Assert.Contains("Choose one of the grace periods offered.", await badGrace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), rotation.GracePeriod);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("already being rotated", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Contains($"Rotation to {rotation.NewAccessKeyId} cancelled", after, StringComparison.Ordinal);
        Assert.Equal(AccessKeyRotationState.Cancelled, (await _factory.Services.GetRequiredService<ILatchkeyStore>().FindAccessKeyRotationAsync(rotation.RotationId, None))!.State);
        Assert.Equal(HttpStatusCode.Conflict, atCap.StatusCode);
        Assert.Contains("no room for the new one", await atCap.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var keys = await _factory.Services.GetRequiredService<AccessKeyService>().ListAsync(actor.Actor, "rowan", None);
        Assert.Equal(2, keys.Value.Count);
        Assert.All(keys.Value, k => Assert.Equal(AccessKeyStatus.Active, k.Status));
        Assert.Equal(1, Steps("cancelled"));
        // Twice and at the cap; a grace the form does not offer never reaches the rotation.
        Assert.Equal(2, Steps("refused"));
    }

    [Fact]
    public async Task Rotate_NeedsCreateUpdateAndDeleteAccessKey_FromThePolicyEngine()
    {
        var (opened, account, actor) = await AccountAsync();
        using var accountSession = opened;
        var users = _factory.Services.GetRequiredService<RamUserService>();
        Assert.True((await users.CreateAsync(actor, new CreateUserInput("target", null, null, null, null), None)).IsSuccess);
        var oldId = await NewKeyAsync(actor, "target");
        var admin = (await users.CreateAsync(actor, new CreateUserInput("keyadmin", null, null, null, null), None)).Value;
        Assert.True((await users.CreateLoginProfileAsync(actor, "keyadmin", "Admin#Passw0rd", false, false, None)).IsSuccess);
        var policies = _factory.Services.GetRequiredService<Latchkey.Core.Policies.PolicyService>();
        const string createOnly = """{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:GetUser","ram:ListAccessKeys","ram:CreateAccessKey"],"Resource":"*"}]}""";
        const string all = """{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:UpdateAccessKey","ram:DeleteAccessKey"],"Resource":"*"}]}""";
        Assert.True((await policies.CreateAsync(actor, "CreateKeysOnly", null, createOnly, None)).IsSuccess);
        Assert.True((await policies.CreateAsync(actor, "ChangeKeys", null, all, None)).IsSuccess);
        Assert.True((await users.AttachPolicyAsync(actor, "keyadmin", "CreateKeysOnly", "Custom", None)).IsSuccess);
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(users.PrincipalNameOf(account, admin), "Admin#Passw0rd");
        const string page = "/console/ram/users/target";

        using var refused = await session.PostFormAsync(page, page + "?handler=Rotate", ("accessKeyId", oldId), ("graceMinutes", "15"));
        var keysAfterRefusal = (await _factory.Services.GetRequiredService<AccessKeyService>().ListAsync(actor.Actor, "target", None)).Value.Count;
        Assert.True((await users.AttachPolicyAsync(actor, "keyadmin", "ChangeKeys", "Custom", None)).IsSuccess);
        using var allowed = await session.PostFormAsync(page, page + "?handler=Rotate", ("accessKeyId", oldId), ("graceMinutes", "15"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(1, keysAfterRefusal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var rotation = await WaitForStateAsync(oldId, AccessKeyRotationState.Waiting);
        Assert.Equal(admin.UserId, rotation.StartedBy);
    }

    [Fact]
    public async Task RecycleBinPage_ListsAUsersDeletedKeys_Restores_AndDeletesPermanently_AsThePolicyEngineAllows()
    {
        var (opened, account, actor) = await AccountAsync();
        using var session = opened;
        var users = _factory.Services.GetRequiredService<RamUserService>();
        Assert.True((await users.CreateAsync(actor, new CreateUserInput("binny", null, null, null, null), None)).IsSuccess);
        var keys = _factory.Services.GetRequiredService<AccessKeyService>();
        var first = await NewKeyAsync(actor, "binny");
        var second = await NewKeyAsync(actor, "binny");
        Assert.True((await keys.DeleteAsync(actor, "binny", first, None)).IsSuccess);
        Assert.True((await keys.DeleteAsync(actor, "binny", second, None)).IsSuccess);
        const string page = "/console/ram/users/binny/recycle-bin";
        var reader = (await users.CreateAsync(actor, new CreateUserInput("reader", null, null, null, null), None)).Value;
        Assert.True((await users.CreateLoginProfileAsync(actor, "reader", "Reader#Passw0rd", false, false, None)).IsSuccess);
        Assert.True((await users.AttachPolicyAsync(actor, "reader", "AliyunRAMReadOnlyAccess", "System", None)).IsSuccess);
        using var readerSession = new ConsoleSession(_factory);
        await readerSession.LogOnAsync(users.PrincipalNameOf(account, reader), "Reader#Passw0rd");

        var listed = await session.GetHtmlAsync(page);
        var readerListed = await readerSession.GetHtmlAsync(page);
        using var readerRestore = await readerSession.PostFormAsync(page, page + "?handler=Restore", ("accessKeyId", first));
        using var restored = await session.PostFormAsync(page, page + "?handler=Restore", ("accessKeyId", first));
        using var deleted = await session.PostFormAsync(page, page + "?handler=Delete", ("accessKeyId", second));
        using var deletedAgain = await session.PostFormAsync(page, page + "?handler=Delete", ("accessKeyId", second));
        var userPage = await session.GetHtmlAsync("/console/ram/users/binny");

        Assert.Contains($"aria-label=\"Restore {first}\"", listed, StringComparison.Ordinal);
        Assert.Contains($"aria-label=\"Delete permanently {second}\"", listed, StringComparison.Ordinal);
        Assert.Contains(first, readerListed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, readerRestore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Contains($"{first} is restored", await restored.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        Assert.Contains("The recycle bin is empty.", await deletedAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"data-access-key-id=\"{first}\"", userPage, StringComparison.Ordinal);
        Assert.Contains("href=\"/console/ram/users/binny/recycle-bin\"", userPage, StringComparison.Ordinal);
        Assert.Null(await _factory.Services.GetRequiredService<ILatchkeyStore>().FindRecycledAccessKeyAsync(second, None));
    }

    [Fact]
    public async Task TheApiActions_StartGetAndCancel_AndNeedEveryRamActionTheRotationPerforms()
    {
        var api = new ApiClient(_factory.CreateClient());
        var account = await CreateAccountKeyAsync();
        (await api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "apiuser"))).AssertSuccess();
        var oldId = (await api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "apiuser"))).AssertSuccess().GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!;
        (await api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "creator"))).AssertSuccess();
        var creatorKey = (await api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "creator"))).AssertSuccess().GetProperty("AccessKey");
        var creator = new TestAccount(account.AccountId, creatorKey.GetProperty("AccessKeyId").GetString()!, creatorKey.GetProperty("AccessKeySecret").GetString()!);
        (await api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "CreateOnly"), ("PolicyDocument", """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:CreateAccessKey","Resource":"*"}]}"""))).AssertSuccess();
        (await api.CallAsync(account, "AttachPolicyToUser", ApiClient.Ram, ("PolicyType", "Custom"), ("PolicyName", "CreateOnly"), ("UserName", "creator"))).AssertSuccess();

        (await api.CallAsync(creator, "StartAccessKeyRotation", ApiClient.Ram, ("UserName", "apiuser"), ("UserAccessKeyId", oldId))).AssertError(HttpStatusCode.Forbidden, "NoPermission");
        (await api.CallAsync(account, "StartAccessKeyRotation", ApiClient.Ram, ("UserName", "apiuser"), ("UserAccessKeyId", oldId), ("GracePeriod", "0"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.GracePeriod");
        (await api.CallAsync(account, "StartAccessKeyRotation", ApiClient.Ram, ("UserName", "apiuser"), ("UserAccessKeyId", oldId), ("GracePeriod", "abc"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.GracePeriod");
        var started = (await api.CallAsync(account, "StartAccessKeyRotation", ApiClient.Ram, ("UserName", "apiuser"), ("UserAccessKeyId", oldId), ("GracePeriod", "600"))).AssertSuccess();
        var rotation = started.GetProperty("AccessKeyRotation");
        var rotationId = rotation.GetProperty("RotationId").GetString()!;
        var newKey = started.GetProperty("AccessKey");
        (await api.CallAsync(account, "StartAccessKeyRotation", ApiClient.Ram, ("UserName", "apiuser"), ("UserAccessKeyId", oldId))).AssertError(HttpStatusCode.Conflict, "EntityAlreadyExists.AccessKeyRotation");
        var got = (await api.CallAsync(account, "GetAccessKeyRotation", ApiClient.Ram, ("UserName", "apiuser"), ("RotationId", rotationId))).AssertSuccess().GetProperty("AccessKeyRotation");
        (await api.CallAsync(account, "GetAccessKeyRotation", ApiClient.Ram, ("RotationId", rotationId))).AssertError(HttpStatusCode.NotFound, "EntityNotExist.AccessKeyRotation");
        var cancelled = (await api.CallAsync(account, "CancelAccessKeyRotation", ApiClient.Ram, ("UserName", "apiuser"), ("UserAccessKeyId", oldId))).AssertSuccess().GetProperty("AccessKeyRotation");
        (await api.CallAsync(account, "CancelAccessKeyRotation", ApiClient.Ram, ("UserName", "apiuser"), ("UserAccessKeyId", oldId))).AssertError(HttpStatusCode.NotFound, "EntityNotExist.AccessKeyRotation");

        Assert.Equal(oldId, rotation.GetProperty("OldAccessKeyId").GetString());
        Assert.Equal(newKey.GetProperty("AccessKeyId").GetString(), rotation.GetProperty("NewAccessKeyId").GetString());
        Assert.False(string.IsNullOrEmpty(newKey.GetProperty("AccessKeySecret").GetString()));
        Assert.Equal("Waiting", rotation.GetProperty("State").GetString());
        Assert.Equal(600, rotation.GetProperty("GracePeriod").GetInt64());
        Assert.Equal("Waiting", got.GetProperty("State").GetString());
        Assert.False(got.TryGetProperty("AccessKeySecret", out _));
        Assert.Equal("Cancelled", cancelled.GetProperty("State").GetString());
    }

    private async Task<TestAccount> CreateAccountKeyAsync()
    {
        var (session, account, actor) = await AccountAsync();
        session.Dispose();
        var created = await _factory.Services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, None);
        return new TestAccount(account.AccountId, created.Value.Key.AccessKeyId, created.Value.Secret.Reveal());
    }

    /// <summary>The real server with its scheduled jobs on, every second, on a clock the test shifts (timers in real time).</summary>
    private sealed class RotationFactory : WebApplicationFactory<Program>
    {
        public static readonly TimeSpan Hold = TimeSpan.FromMinutes(10);

        private readonly string _data = Directory.CreateTempSubdirectory("latchkey-rotation-tests-").FullName;

        public ConsoleAccessKeyLifecycleTests.ShiftedClock Clock { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:DataDirectory", _data);
            builder.UseSetting("AccessKeyLifecycle:CheckInterval", "00:00:01");
            builder.UseSetting("AccessKeyLifecycle:RotationRecycleHold", "00:10:00");
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(_data, recursive: true);
                }
                catch (IOException)
                {
                    // Left in the temp folder on a slow shutdown; nothing depends on it.
                }
            }
        }
    }
}
