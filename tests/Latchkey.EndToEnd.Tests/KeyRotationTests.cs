using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Latchkey.Core;
using Latchkey.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.EndToEnd.Tests;

/// <summary>
/// `latchkey keys rotate` as a process against the real server, while a client keeps calling:
/// the client switches to the new pair as soon as it is shown, no call fails, and the old key
/// ends disabled and in the recycle bin, every step audited.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class KeyRotationTests(LatchkeyServer server)
{
    private static ProcessStartInfo Cli(TestKey caller, string endpoint, params string[] arguments)
    {
        var start = LatchkeyProcess.StartInfo(arguments);
        start.Environment["LATCHKEY_ENDPOINT"] = "http://" + endpoint;
        start.Environment["LATCHKEY_ACCESS_KEY_ID"] = caller.AccessKeyId;
        start.Environment["LATCHKEY_ACCESS_KEY_SECRET"] = caller.AccessKeySecret;
        start.Environment["LATCHKEY_CONFIG_DIR"] = Directory.CreateTempSubdirectory("latchkey-rotate-config-").FullName;
        return start;
    }

    private static TestKey KeyOf(TestKey account, JsonElement? body) =>
        new(account.AccountId, body!.Value.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!, body.Value.GetProperty("AccessKey").GetProperty("AccessKeySecret").GetString()!);

    [Fact]
    public async Task Rotate_WhileAClientSwitchesKeysMidway_NoCallFails_AndTheOldKeyEndsInTheRecycleBin()
    {
        var account = await server.CreateAccountAsync();
        using var http = new HttpClient { BaseAddress = new Uri("http://" + server.Endpoint), Timeout = TimeSpan.FromSeconds(15) };
        var client = new SignedClient(http);
        Assert.Equal(HttpStatusCode.OK, (await client.CallAsync(account, "CreateUser", SignedClient.Ram, CancellationToken.None, ("UserName", "rotor"))).Status);
        var old = KeyOf(account, (await client.CallAsync(account, "CreateAccessKey", SignedClient.Ram, CancellationToken.None, ("UserName", "rotor"))).Body);
        var csv = Path.Combine(Directory.CreateTempSubdirectory("latchkey-rotate-").FullName, "new-key.csv");

        // The application: calls all the time with whichever key it holds.
        var current = old;
        var calls = 0;
        var failures = new List<string>();
        var usedNew = 0;
        using var stop = new CancellationTokenSource();
        var app = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var key = Volatile.Read(ref current);
                var (status, body) = await client.CallAsync(key, "GetCallerIdentity", SignedClient.Sts, CancellationToken.None);
                Interlocked.Increment(ref calls);
                if (status != HttpStatusCode.OK)
                {
                    lock (failures)
                    {
                        failures.Add($"{key.AccessKeyId}: {status} {SignedClient.CodeOf(body)}");
                    }
                }
                else if (key != old)
                {
                    Interlocked.Increment(ref usedNew);
                }

                await Task.Delay(50);
            }
        });
        while (Volatile.Read(ref calls) < 5)
        {
            await Task.Delay(20);
        }

        using var rotate = Process.Start(Cli(account, server.Endpoint, "keys", "rotate", old.AccessKeyId, "--user", "rotor", "--grace", "00:00:04", "--poll", "00:00:01", "--timeout", "00:02:00", "--csv", csv))!;
        var stdoutTask = rotate.StandardOutput.ReadToEndAsync();
        var stderrTask = rotate.StandardError.ReadToEndAsync();

        // Midway: the new pair appears once (the CSV of that moment); the application switches to it.
        var watch = Stopwatch.StartNew();
        while (!File.Exists(csv) && watch.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(20);
        }

        var pair = (await File.ReadAllLinesAsync(csv))[1].Split(',');
        Volatile.Write(ref current, new TestKey(account.AccountId, pair[0], pair[1]));
        using var exit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await rotate.WaitForExitAsync(exit.Token);
        var stdout = await stdoutTask;
        var stderr = await stderrTask;
        while (Volatile.Read(ref usedNew) < 5)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await app;

        Assert.True(rotate.ExitCode == 0, stderr);
        Assert.Empty(failures);
        Assert.Contains($"\"NewAccessKeyId\": \"{pair[0]}\"", stdout, StringComparison.Ordinal);
        Assert.Contains("Rotation complete", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(pair[1], stderr, StringComparison.Ordinal);
        var oldNow = await client.CallAsync(old, "GetCallerIdentity", SignedClient.Sts, CancellationToken.None);
        Assert.Equal("InvalidAccessKeyId.NotFound", SignedClient.CodeOf(oldNow.Body));
        var userId = (await client.CallAsync(account, "GetUser", SignedClient.Ram, CancellationToken.None, ("UserName", "rotor"))).Body!.Value.GetProperty("User").GetProperty("UserId").GetString()!;
        var bin = (await client.CallAsync(account, "ListAccessKeysInRecycleBin", "2019-08-15", CancellationToken.None, ("UserId", userId))).Body!.Value;
        Assert.Equal(old.AccessKeyId, Assert.Single(bin.GetProperty("AccessKeys").GetProperty("AccessKey").EnumerateArray()).GetProperty("AccessKeyId").GetString());
        var audit = (await server.Services.GetRequiredService<ILatchkeyStore>().ListAuditEventsAsync(account.AccountId, null, 100, CancellationToken.None)).Value.Items;
        Assert.Contains(audit, e => e.EventName == "CreateAccessKey" && e.ResourceName == pair[0]);
        Assert.Contains(audit, e => e.EventName == "UpdateAccessKey" && e.ResourceName == old.AccessKeyId && e.Details == "Status=Inactive");
        Assert.Contains(audit, e => e.EventName == "DeleteAccessKey" && e.ResourceName == old.AccessKeyId);
    }

    [Fact]
    public async Task RotateServerSide_WhileAClientSwitchesKeysMidway_NoCallFails_AndTheServersJobRecyclesTheOldKey()
    {
        var account = await server.CreateAccountAsync();
        using var http = new HttpClient { BaseAddress = new Uri("http://" + server.Endpoint), Timeout = TimeSpan.FromSeconds(15) };
        var client = new SignedClient(http);
        Assert.Equal(HttpStatusCode.OK, (await client.CallAsync(account, "CreateUser", SignedClient.Ram, CancellationToken.None, ("UserName", "serverside"))).Status);
        var old = KeyOf(account, (await client.CallAsync(account, "CreateAccessKey", SignedClient.Ram, CancellationToken.None, ("UserName", "serverside"))).Body);
        var csv = Path.Combine(Directory.CreateTempSubdirectory("latchkey-rotate-").FullName, "new-key.csv");

        var current = old;
        var calls = 0;
        var usedNew = 0;
        var failures = new List<string>();
        using var stop = new CancellationTokenSource();
        var app = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var key = Volatile.Read(ref current);
                var (status, body) = await client.CallAsync(key, "GetCallerIdentity", SignedClient.Sts, CancellationToken.None);
                Interlocked.Increment(ref calls);
                if (status != HttpStatusCode.OK)
                {
                    lock (failures)
                    {
                        failures.Add($"{key.AccessKeyId}: {status} {SignedClient.CodeOf(body)}");
                    }
                }
                else if (key != old)
                {
                    Interlocked.Increment(ref usedNew);
                }

                await Task.Delay(50);
            }
        });
        while (Volatile.Read(ref calls) < 5)
        {
            await Task.Delay(20);
        }

        // The CLI hands the watching to the server and follows it (--wait); the server's own job does the rest.
        using var rotate = Process.Start(Cli(account, server.Endpoint, "keys", "rotate", old.AccessKeyId, "--user", "serverside", "--server-side", "--wait", "--grace", "00:00:04", "--poll", "00:00:01", "--timeout", "00:02:00", "--csv", csv))!;
        var stdoutTask = rotate.StandardOutput.ReadToEndAsync();
        var stderrTask = rotate.StandardError.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        while (!File.Exists(csv) && watch.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(20);
        }

        var pair = (await File.ReadAllLinesAsync(csv))[1].Split(',');
        Volatile.Write(ref current, new TestKey(account.AccountId, pair[0], pair[1]));
        using var exit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await rotate.WaitForExitAsync(exit.Token);
        var stdout = await stdoutTask;
        var stderr = await stderrTask;
        while (Volatile.Read(ref usedNew) < 5)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await app;

        Assert.True(rotate.ExitCode == 0, stderr);
        Assert.Empty(failures);
        Assert.Contains("\"State\": \"Recycled\"", stdout, StringComparison.Ordinal);
        Assert.Contains("on the server", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(pair[1], stderr, StringComparison.Ordinal);
        Assert.Equal("InvalidAccessKeyId.NotFound", SignedClient.CodeOf((await client.CallAsync(old, "GetCallerIdentity", SignedClient.Sts, CancellationToken.None)).Body));
        var audit = (await server.Services.GetRequiredService<ILatchkeyStore>().ListAuditEventsAsync(account.AccountId, null, 100, CancellationToken.None)).Value.Items;
        Assert.Contains(audit, e => e.EventName == "AccessKeyRotationStarted" && e.ResourceName == old.AccessKeyId);
        Assert.Contains(audit, e => e.EventName == "AccessKeyRotationOldKeyDisabled" && e.ResourceName == old.AccessKeyId);
        Assert.Contains(audit, e => e.EventName == "AccessKeyRotationOldKeyRecycled" && e.ResourceName == old.AccessKeyId);
        Assert.NotNull(await server.Services.GetRequiredService<ILatchkeyStore>().FindRecycledAccessKeyAsync(old.AccessKeyId, CancellationToken.None));
    }

    [Fact]
    public async Task Rotate_WhenTheOwnerHoldsTwoKeys_IsRefusedClearly_AndChangesNothing()
    {
        var account = await server.CreateAccountAsync();
        using var http = new HttpClient { BaseAddress = new Uri("http://" + server.Endpoint), Timeout = TimeSpan.FromSeconds(15) };
        var client = new SignedClient(http);
        Assert.Equal(HttpStatusCode.OK, (await client.CallAsync(account, "CreateUser", SignedClient.Ram, CancellationToken.None, ("UserName", "full"))).Status);
        var first = KeyOf(account, (await client.CallAsync(account, "CreateAccessKey", SignedClient.Ram, CancellationToken.None, ("UserName", "full"))).Body);
        KeyOf(account, (await client.CallAsync(account, "CreateAccessKey", SignedClient.Ram, CancellationToken.None, ("UserName", "full"))).Body);

        using var rotate = Process.Start(Cli(account, server.Endpoint, "keys", "rotate", first.AccessKeyId, "--user", "full"))!;
        var stderr = await rotate.StandardError.ReadToEndAsync();
        await rotate.WaitForExitAsync();

        Assert.Equal(1, rotate.ExitCode);
        Assert.Contains("LimitExceeded.User.AccessKey", stderr, StringComparison.Ordinal);
        Assert.Contains("cannot be rotated", stderr, StringComparison.Ordinal);
        Assert.Contains("no room for the new one", stderr, StringComparison.Ordinal);
        var keys = (await client.CallAsync(account, "ListAccessKeys", SignedClient.Ram, CancellationToken.None, ("UserName", "full"))).Body!.Value;
        Assert.Equal(2, keys.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
        Assert.All(keys.GetProperty("AccessKeys").GetProperty("AccessKey").EnumerateArray(), k => Assert.Equal("Active", k.GetProperty("Status").GetString()));
    }
}
