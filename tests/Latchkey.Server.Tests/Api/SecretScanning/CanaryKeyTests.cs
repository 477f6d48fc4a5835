using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Latchkey.Core.Audit;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Principals;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Api.SecretScanning;

/// <summary>
/// A canary key through the real HTTP stack: every request signed with it is refused like a key
/// with no permissions, and the first one raises the alert: audit event, metric, Warning log.
/// </summary>
public sealed class CanaryKeyTests : IDisposable
{
    private readonly LatchkeyFactory _factory = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _tripped = new();

    public CanaryKeyTests()
    {
        var meterFactory = _factory.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Latchkey" && ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name == "latchkey.canary.tripped")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _tripped.Enqueue(instrument.Name + "=" + value));
        _listener.Start();
    }

    [Fact]
    public async Task CanaryKey_IsRefused_AndItsFirstUseRaisesOneAlert()
    {
        var owner = await _factory.CreateAccountAsync();
        var actor = new AuditContext(new Principal(owner.AccountId, null, null, null), "127.0.0.1", "test");
        var created = await _factory.Services.GetRequiredService<AccessKeyGuardService>().CreateCanaryAsync(actor, null, CancellationToken.None);
        Assert.True(created.IsSuccess, created.Error?.Code);
        var canary = new TestAccount(owner.AccountId, created.Value.Key.AccessKeyId, created.Value.Secret.Reveal());
        var api = new ApiClient(_factory.CreateClient());

        (await api.CallAsync(canary, "ListUsers", ApiClient.Ram)).AssertError(HttpStatusCode.Forbidden, "NoPermission");
        (await api.CallAsync(canary, "GetCallerIdentity", ApiClient.Sts)).AssertError(HttpStatusCode.Forbidden, "NoPermission");
        (await ApiAnswer.ReadAsync(await api.SendAsync(ApiClient.SignV1(canary, "GetCallerIdentity", ApiClient.Sts, secret: "GuessedSecretGuessedSecret0000"))))
            .AssertError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch");

        Assert.Equal(["latchkey.canary.tripped=1"], _tripped);
        var alert = Assert.Single(_factory.LogLines, line => line.Contains("Canary AccessKey " + canary.AccessKeyId + " signed request", StringComparison.Ordinal) && line.Contains("someone holds its secret", StringComparison.Ordinal));
        Assert.Contains(" Warning Canary AccessKey", alert, StringComparison.Ordinal);
        var audit = (await _factory.Services.GetRequiredService<IAuditStore>().ListAuditEventsAsync(owner.AccountId, null, 100, CancellationToken.None)).Value.Items;
        var used = Assert.Single(audit, e => e.EventName == "CanaryAccessKeyUsed");
        Assert.Equal(canary.AccessKeyId, used.ResourceName);
        Assert.Contains("Action=ListUsers", used.Details, StringComparison.Ordinal);
        Assert.Single(audit, e => e.EventName == "CreateCanaryAccessKey");
        Assert.DoesNotContain(_factory.LogLines, line => line.Contains(canary.AccessKeySecret, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _factory.Dispose();
    }
}
