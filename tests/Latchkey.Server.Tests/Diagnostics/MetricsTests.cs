using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Latchkey.Core.Accounts;
using Latchkey.Server.Tests.Console;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Diagnostics;

/// <summary>The "Latchkey" meter moves with real traffic, and no tag carries a secret, an id or a name.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly LatchkeyFactory _factory = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MetricsTests()
    {
        // Only this host's meter: the factory's IMeterFactory is the meter's scope.
        var meterFactory = _factory.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Latchkey" && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public async Task Traffic_MovesTheCounters_AndNoTagHoldsASecretIdOrName()
    {
        var api = new ApiClient(_factory.CreateClient());
        var name = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Str0ng!Passw0rd";
        Assert.True((await _factory.Services.GetRequiredService<AccountService>().CreateAsync(name, password, "127.0.0.1", "test", CancellationToken.None)).IsSuccess);
        var key = await _factory.CreateAccountAsync();

        (await api.CallAsync(key, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
        (await ApiAnswer.ReadAsync(await api.SendAsync(ApiClient.SignV3(key, "GetCallerIdentity", ApiClient.Sts)))).AssertSuccess();
        (await ApiAnswer.ReadAsync(await api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, secret: "ForgedSecretForgedSecretForged"))))
            .AssertError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        var posted = ApiClient.SignV1(key, "GetUser", ApiClient.Ram, [KeyValuePair.Create("UserName", "nobody-" + name)], method: "POST");
        (await ApiAnswer.ReadAsync(await api.SendAsync(posted))).AssertError(HttpStatusCode.NotFound, "EntityNotExist.User");
        var created = (await api.CallAsync(key, "CreateAccessKey", ApiClient.Ram)).AssertSuccess().GetProperty("AccessKey");
        var newId = created.GetProperty("AccessKeyId").GetString()!;
        var newSecret = created.GetProperty("AccessKeySecret").GetString()!;
        (await api.CallAsync(key, "DeleteAccessKey", ApiClient.Ram, ("UserAccessKeyId", newId))).AssertSuccess();
        using (var session = new ConsoleSession(_factory))
        {
            using var failed = await session.PostFormAsync("/console/logon", "/console/logon", ("LogonName", name), ("Password", "wrong-" + password));
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
            await session.LogOnAsync(name, password);
        }

        Assert.Equal(2, Sum("latchkey.accesskeys.created"));
        Assert.Equal(1, Sum("latchkey.accesskeys.deleted"));
        Assert.Equal(1, Sum("latchkey.requests.authenticated", ("outcome", "ok"), ("signature_version", "v3")));
        Assert.Equal(4, Sum("latchkey.requests.authenticated", ("outcome", "ok"), ("signature_version", "v1")));
        Assert.Equal(1, Sum("latchkey.requests.authenticated", ("outcome", "SignatureDoesNotMatch"), ("signature_version", "v1")));
        Assert.Equal(1, Sum("latchkey.console.logons", ("outcome", "ok")));
        Assert.Equal(1, Sum("latchkey.console.logons", ("outcome", "failed")));
        Assert.Equal(3, Count("latchkey.request.duration", ("action", "GetCallerIdentity")));
        Assert.Equal(2, Count("latchkey.request.duration", ("action", "GetCallerIdentity"), ("outcome", "ok")));
        Assert.Equal(1, Count("latchkey.request.duration", ("action", "GetUser"), ("outcome", "EntityNotExist.User")));
        Assert.All(_measurements.Where(m => m.Instrument == "latchkey.request.duration"), m => Assert.True(m.Value >= 0));

        var tagValues = _measurements.SelectMany(m => m.Tags.Values).Distinct().ToList();
        foreach (var forbidden in new[] { key.AccessKeyId, key.AccessKeySecret, newId, newSecret, name, password, key.AccountId, "ForgedSecret" })
        {
            Assert.DoesNotContain(tagValues, value => value is not null && value.Contains(forbidden, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task UnknownActionNames_AreTaggedUnknown()
    {
        var api = new ApiClient(_factory.CreateClient());
        var key = await _factory.CreateAccountAsync();

        await api.CallAsync(key, "MadeUpAction" + Guid.NewGuid().ToString("N"), ApiClient.Ram);

        var durations = _measurements.Where(m => m.Instrument == "latchkey.request.duration").ToList();
        Assert.Single(durations);
        Assert.Equal("unknown", durations[0].Tags["action"]);
        Assert.Equal("InvalidApi.NotFound", durations[0].Tags["outcome"]);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _factory.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, tag) in tags)
        {
            values[name] = tag?.ToString();
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, values));
    }

    private IEnumerable<Measurement> Matching(string instrument, (string Name, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Name, out var v) && v == t.Value));

    private double Sum(string instrument, params (string Name, string Value)[] tags) => Matching(instrument, tags).Sum(m => m.Value);

    private int Count(string instrument, params (string Name, string Value)[] tags) => Matching(instrument, tags).Count();

    private sealed record Measurement(string Instrument, double Value, Dictionary<string, string?> Tags);
}
