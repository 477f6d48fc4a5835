using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Tests.Hosting;

public sealed class HostConfigurationTests
{
    private static async Task<OptionsValidationException> StartRefusedAsync(params string[] arguments)
    {
        var builder = LatchkeyHost.CreateBuilder(["--urls=http://127.0.0.1:0", .. arguments]);
        builder.Logging.ClearProviders();
        await using var app = LatchkeyHost.Build(builder);
        return await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
    }

    [Fact]
    public async Task SqliteWithSeveralNodes_RefusesToStart_NamingTheSetting()
    {
        var refused = await StartRefusedAsync($"--Storage:DataDirectory={Directory.CreateTempSubdirectory("latchkey-cfg-").FullName}", "--Cluster:Nodes=3");

        Assert.Contains("Storage:Provider=PostgreSql", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSqlWithoutConnectionString_RefusesToStart_NamingTheSetting()
    {
        var refused = await StartRefusedAsync("--Storage:Provider=PostgreSql");

        Assert.Contains("Storage:ConnectionString", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiLimitOutOfRange_RefusesToStart()
    {
        var refused = await StartRefusedAsync($"--Storage:DataDirectory={Directory.CreateTempSubdirectory("latchkey-cfg-").FullName}", "--Api:MaxParameters=1");

        Assert.Contains("MaxParameters", refused.Message, StringComparison.Ordinal);
    }
}
